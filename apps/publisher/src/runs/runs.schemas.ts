import { DATA_SET_NAME_PATTERN } from '@tickline/publishing';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { PUBLISH_STEPS } from './publish-step.util';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const daySchema = z
  .string()
  .regex(DAY, 'expected a UTC day YYYY-MM-DD')
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
      new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    'expected a real calendar day',
  );

const RUN_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
const MAX_DAYS_PER_REQUEST = 366;
const UPLOAD_STATUSES = ['PUBLISHING', 'PUBLISHED', 'FAILED', 'QUARANTINED'] as const;

/** POST /runs */
export const createRunsSchema = z
  .strictObject({
    from: daySchema,
    to: daySchema.optional(),
    dataSets: z
      .array(z.string().regex(DATA_SET_NAME_PATTERN, 'expected a data set name'))
      .min(1)
      .optional(),
    force: z.boolean().optional(),
    reason: z.string().min(1).max(1000).optional(),
  })
  .superRefine((body, ctx) => {
    const to = body.to ?? body.from;
    const days = (Date.parse(to) - Date.parse(body.from)) / 86_400_000 + 1;
    if (days < 1)
      ctx.addIssue({ code: 'custom', path: ['to'], message: '"to" must not be before "from"' });
    if (days > MAX_DAYS_PER_REQUEST) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `at most ${MAX_DAYS_PER_REQUEST} days per request`,
      });
    }
    if (
      body.to !== undefined &&
      Date.parse(body.to) >= Date.parse(new Date().toISOString().slice(0, 10))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'only finished UTC days (before today) can be published',
      });
    }
    if (
      body.to === undefined &&
      Date.parse(body.from) >= Date.parse(new Date().toISOString().slice(0, 10))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'only finished UTC days (before today) can be published',
      });
    }
    if (body.force === true && body.reason === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'a forced re-publish needs a reason',
      });
    }
  });
export class CreateRunsDto extends createZodDto(createRunsSchema) {}
export type CreateRunsRequest = z.infer<typeof createRunsSchema>;

/** GET /runs */
export const listRunsQuerySchema = z.strictObject({
  day: daySchema.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  dataSet: z.string().regex(DATA_SET_NAME_PATTERN, 'expected a data set name').optional(),
});
export class ListRunsQueryDto extends createZodDto(listRunsQuerySchema) {}

export const runSummarySchema = z.object({
  id: z.uuid(),
  dataSet: z.string(),
  day: z.string().nullable().describe('null for a publish-on-upload run'),
  generation: z.int(),
  forced: z.boolean(),
  forceReason: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  step: z.enum(PUBLISH_STEPS).describe('the next step to execute (DONE when finished)'),
  outcome: z
    .enum(['created', 'existing', 'retried'])
    .optional()
    .describe(
      'POST /runs only: a new run, the existing run of that day (not published again), or a failed run resumed',
    ),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

const runStepSchema = z.object({
  step: z.enum(PUBLISH_STEPS),
  attempt: z.int(),
  status: z.enum(['STARTED', 'SUCCEEDED', 'FAILED']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  detail: z
    .unknown()
    .describe('what the step did: keys, ids, counts; progress while BUILD_FILES runs'),
  error: z.string().nullable(),
});

export const runDetailSchema = runSummarySchema.extend({
  attempts: z.int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  leaseOwner: z.string().nullable(),
  leaseExpiresAt: z.string().nullable(),
  rowCount: z.number().nullable(),
  manifestKey: z.string().nullable(),
  manifestSha256: z.string().nullable(),
  revisionId: z.string().nullable(),
  revisionArn: z.string().nullable(),
  upload: z.object({ bucket: z.string(), key: z.string(), etag: z.string() }).nullable(),
  changeSets: z.array(
    z.object({
      productId: z.string(),
      changeSetId: z.string().nullable(),
      status: z.string(),
      failure: z.string().nullable(),
    }),
  ),
  progress: z
    .object({ objectsTotal: z.int(), objectsRead: z.int(), percent: z.number() })
    .nullable()
    .describe('while BUILD_FILES runs: lake objects read of the day'),
  steps: z.array(runStepSchema),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const listUploadsQuerySchema = z.strictObject({
  status: z.enum(UPLOAD_STATUSES).optional(),
});
export class ListUploadsQueryDto extends createZodDto(listUploadsQuerySchema) {}

export const uploadViewSchema = z.object({
  id: z.uuid(),
  bucket: z.string(),
  key: z.string(),
  etag: z.string(),
  size: z.number(),
  dataSet: z.string(),
  status: z.enum(UPLOAD_STATUSES),
  reason: z.string().nullable(),
  runId: z.string().nullable(),
  createdAt: z.string(),
});
export type UploadView = z.infer<typeof uploadViewSchema>;
