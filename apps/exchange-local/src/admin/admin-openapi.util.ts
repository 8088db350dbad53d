import { z } from 'zod';

import { accountIdSchema } from '../config/bootstrap-file.schema';

import {
  accountView,
  errorView,
  productIdSchema,
  productView,
  putAccountSchema,
  putProductSchema,
} from './admin.schemas';

const schema = (type: z.ZodType) => z.toJSONSchema(type, { unrepresentable: 'any' });

const json = (type: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema: schema(type) } },
});

const errors = {
  '400': json(errorView, 'ValidationException'),
  '403': json(errorView, 'AccessDeniedException: the admin API is disabled or the token is wrong'),
};

const accountIdParameter = {
  name: 'accountId',
  in: 'path',
  required: true,
  schema: schema(accountIdSchema),
};
const productIdParameter = {
  name: 'productId',
  in: 'path',
  required: true,
  schema: schema(productIdSchema),
};

/** OpenAPI 3.1 document of the admin API, generated from the same zod schemas that validate it. */
export function adminOpenApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'exchange-local admin API',
      version: '1',
      description:
        'Accounts, products and subscriptions of exchange-local, which AWS manages in its console. ' +
        'Send `Authorization: Bearer <EXCHANGE_ADMIN_TOKEN>`.',
    },
    components: { securitySchemes: { admin: { type: 'http', scheme: 'bearer' } } },
    security: [{ admin: [] }],
    paths: {
      '/admin/accounts': {
        get: {
          summary: 'List accounts (never their secrets)',
          responses: {
            '200': json(z.object({ accounts: z.array(accountView) }), 'The accounts'),
            ...errors,
          },
        },
      },
      '/admin/accounts/{accountId}': {
        put: {
          summary: 'Create or update an account with its access key',
          parameters: [accountIdParameter],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schema(putAccountSchema) } },
          },
          responses: {
            '200': json(accountView, 'Updated'),
            '201': json(accountView, 'Created'),
            ...errors,
          },
        },
      },
      '/admin/products': {
        get: {
          summary: 'List products with their subscribers and data sets',
          responses: {
            '200': json(z.object({ products: z.array(productView) }), 'The products'),
            ...errors,
          },
        },
      },
      '/admin/products/{productId}': {
        put: {
          summary: 'Create or update a product (a DataProduct entity)',
          parameters: [productIdParameter],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schema(putProductSchema) } },
          },
          responses: {
            '200': json(productView, 'Updated'),
            '201': json(productView, 'Created'),
            ...errors,
          },
        },
      },
      '/admin/products/{productId}/subscriptions/{accountId}': {
        put: {
          summary: 'Subscribe an account to a product (idempotent)',
          parameters: [productIdParameter, accountIdParameter],
          responses: {
            '204': { description: 'Subscribed' },
            '404': json(errorView, 'ResourceNotFoundException'),
            ...errors,
          },
        },
        delete: {
          summary: 'End a subscription (idempotent)',
          parameters: [productIdParameter, accountIdParameter],
          responses: {
            '204': { description: 'Unsubscribed' },
            '404': json(errorView, 'ResourceNotFoundException'),
            ...errors,
          },
        },
      },
    },
  };
}
