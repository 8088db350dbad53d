import { z } from 'zod';

import {
  createRunsSchema,
  listRunsQuerySchema,
  listUploadsQuerySchema,
  runDetailSchema,
  runSummarySchema,
  uploadViewSchema,
} from '../runs/runs.schemas';

const schema = (type: z.ZodType) => z.toJSONSchema(type, { unrepresentable: 'any', io: 'input' });
const json = (type: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema: schema(type) } },
});
const errorBody = z.object({ statusCode: z.int(), error: z.string(), message: z.unknown() });
const queryParameters = (type: z.ZodObject) =>
  Object.entries(type.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: schema(field as z.ZodType),
  }));

/** OpenAPI 3.1 document of the publisher's REST API, generated from the zod schemas that validate it. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Tickline publisher',
    version: '1',
    description:
      'Daily publication of each data set as a Data Exchange revision (runs, their steps, revision ARNs, errors), ' +
      'publish on upload, and the mapping of data sources to data sets and products.',
  },
  paths: {
    '/runs': {
      post: {
        summary: 'Publish a day or a range of days (backfill); runs execute in the background',
        requestBody: {
          required: true,
          ...json(createRunsSchema, 'from/to (UTC days), optional data sets, force with a reason'),
        },
        responses: {
          '202': json(
            z.object({ runs: z.array(runSummarySchema) }),
            'One run per data set and day: created, existing (already published, not repeated) or retried',
          ),
          '400': json(errorBody, 'Invalid request'),
          '404': json(errorBody, 'Unknown data set'),
          '503': json(errorBody, 'The mapping is not synced yet'),
        },
      },
      get: {
        summary: 'List runs, newest first',
        parameters: queryParameters(listRunsQuerySchema),
        responses: {
          '200': json(z.object({ runs: z.array(runSummarySchema) }), 'The runs'),
          '400': json(errorBody, 'Invalid query'),
        },
      },
    },
    '/runs/{id}': {
      get: {
        summary: 'A run with its steps, revision, change sets, error and progress',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        responses: {
          '200': json(runDetailSchema, 'The run'),
          '404': json(errorBody, 'No such run'),
        },
      },
    },
    '/uploads': {
      get: {
        summary: 'Objects found under the incoming prefix (publish on upload), newest first',
        parameters: queryParameters(listUploadsQuerySchema),
        responses: { '200': json(z.object({ uploads: z.array(uploadViewSchema) }), 'The uploads') },
      },
    },
    '/mapping': {
      get: {
        summary:
          'The validated mapping: data sources -> data sets -> products, buckets, schedule, incoming prefix',
        responses: { '200': { description: 'The mapping with each data set’s exchange ids' } },
      },
    },
  },
};
