import { z } from 'zod';

import { catalogQuerySchema, catalogViewSchema } from '../catalog/catalog.schema';
import { exportRunViewSchema, listExportsQuerySchema } from '../exports/export-run.schema';
import {
  createSubscriptionSchema,
  subscriptionViewSchema,
  updateSubscriptionSchema,
} from '../subscriptions/subscription.schema';

const schema = (type: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(type, { unrepresentable: 'any', io });

const json = (type: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema: schema(type) } },
});

const errorBody = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.union([z.string(), z.array(z.string())]),
});
const error = (description: string) => json(errorBody, description);

const body = (type: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: schema(type, 'input') } },
});

/** Query parameters of an object schema, one OpenAPI parameter each. */
function queryParameters(type: z.ZodObject) {
  const shape = schema(type, 'input') as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(shape.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: shape.required?.includes(name) ?? false,
    schema: property,
  }));
}

const idParameter = (description: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

/** OpenAPI 3.1 document of the exporter's REST API, generated from the zod schemas that validate it. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tickline exporter',
      version: '1',
      description:
        "Subscriber-side export of Data Exchange revisions to the subscriber's S3 buckets, exactly once per (revision, destination).",
    },
    paths: {
      '/subscriptions': {
        get: {
          summary: 'List subscriptions',
          responses: {
            '200': json(
              z.object({ subscriptions: z.array(subscriptionViewSchema) }),
              'The subscriptions',
            ),
          },
        },
        post: {
          summary: 'Subscribe an entitled data set (id or name) to a destination',
          requestBody: body(createSubscriptionSchema),
          responses: {
            '201': json(subscriptionViewSchema, 'Created'),
            '400': error('Invalid body (bucket name, key pattern, encryption)'),
            '409': error('The name or the (data set, bucket, key pattern) is taken'),
            '422': error('The data set is not entitled to this subscriber'),
          },
        },
      },
      '/subscriptions/{id}': {
        parameters: [idParameter('subscription id or name')],
        get: {
          summary: 'One subscription',
          responses: {
            '200': json(subscriptionViewSchema, 'The subscription'),
            '404': error('No such subscription'),
          },
        },
        patch: {
          summary: 'Change destination, mode, encryption or enabled',
          requestBody: body(updateSubscriptionSchema),
          responses: {
            '200': json(subscriptionViewSchema, 'Updated'),
            '400': error('Invalid body'),
            '404': error('No such subscription'),
            '409': error('Taken'),
          },
        },
        delete: {
          summary: 'Delete a subscription that has no export runs',
          responses: {
            '204': { description: 'Deleted' },
            '404': error('No such subscription'),
            '409': error('It has export runs: disable it instead'),
          },
        },
      },
      '/exports': {
        get: {
          summary: 'List export runs, newest first',
          parameters: queryParameters(listExportsQuerySchema),
          responses: {
            '200': json(z.object({ exports: z.array(exportRunViewSchema) }), 'The export runs'),
            '400': error('Invalid query'),
          },
        },
      },
      '/exports/{id}': {
        parameters: [idParameter('export run id')],
        get: {
          summary: 'One export run with its job',
          responses: {
            '200': json(exportRunViewSchema, 'The export run'),
            '404': error('No such export run'),
          },
        },
      },
      '/exports/{id}/rerun': {
        parameters: [idParameter('export run id')],
        post: {
          summary: 'Re-run a FAILED export (same row, fresh attempts)',
          responses: {
            '202': json(exportRunViewSchema, 'Queued again'),
            '404': error('No such export run'),
            '409': error('Not FAILED, or older than the LATEST keys'),
          },
        },
      },
      '/catalog': {
        get: {
          summary:
            'Entitled data sets, their newest revisions and the export status per destination',
          parameters: queryParameters(catalogQuerySchema),
          responses: { '200': json(catalogViewSchema, 'The catalog') },
        },
      },
    },
  };
}
