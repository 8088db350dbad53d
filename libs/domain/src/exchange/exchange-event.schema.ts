import { z } from 'zod';

import { parseWithSchema, safeParseWithSchema } from '../validation/parse-with-schema.util';
import type { SafeParseResult } from '../validation/schema-validation.error';
import { expecting } from '../validation/schema-messages.util';

export const REVISION_PUBLISHED_DETAIL_TYPE = 'Revision Published To Data Set';
export const DATA_EXCHANGE_EVENT_SOURCE = 'aws.dataexchange';

const text = (what: string) => z.string(expecting(what));

/**
 * An AWS Data Exchange event in the EventBridge envelope, as carried on `exchange.events.v1`
 * (from exchange-local, or bridged from EventBridge). Unknown fields are kept, not rejected:
 * AWS adds detail fields over time and this topic must not break on them.
 */
export const exchangeEventSchema = z.looseObject({
  version: text('a string'),
  id: text('an event id').min(1, expecting('a non-empty event id')),
  'detail-type': text('a detail type'),
  source: text('an event source'),
  account: text('an account id'),
  /** ISO 8601, second precision in AWS's own events. */
  time: text('an ISO time').regex(
    /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?Z$/,
    expecting('an ISO 8601 UTC time like "2020-07-29T04:16:28Z"'),
  ),
  region: text('a region'),
  resources: z.array(text('a string'), expecting('an array of strings')),
  detail: z.record(z.string(), z.unknown(), expecting('an object')),
});

/** `detail` of "Revision Published To Data Set"; `resources[0]` is the data set id. */
export const revisionPublishedDetailSchema = z.looseObject({
  RevisionIds: z
    .array(text('a revision id'), expecting('an array of revision ids'))
    .min(1, expecting('at least one revision id')),
  Revisions: z
    .array(z.looseObject({ Id: text('a revision id'), Comment: text('a string').optional() }))
    .optional(),
  DataSets: z
    .array(z.looseObject({ Id: text('a data set id'), Name: text('a string').optional() }))
    .optional(),
  Product: z
    .looseObject({ Id: text('a product id'), Name: text('a string').optional() })
    .optional(),
});

export type ExchangeEvent = z.infer<typeof exchangeEventSchema>;
export type RevisionPublishedDetail = z.infer<typeof revisionPublishedDetailSchema>;

export function safeParseExchangeEvent(input: unknown): SafeParseResult<ExchangeEvent> {
  return safeParseWithSchema(exchangeEventSchema, input, 'exchange event');
}

export function parseExchangeEvent(input: unknown): ExchangeEvent {
  return parseWithSchema(exchangeEventSchema, input, 'exchange event');
}

export function parseRevisionPublishedDetail(input: unknown): RevisionPublishedDetail {
  return parseWithSchema(revisionPublishedDetailSchema, input, 'revision published detail');
}
