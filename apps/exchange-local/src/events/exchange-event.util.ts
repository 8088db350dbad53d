import { randomUUID } from 'node:crypto';

/** The Data Exchange detail-types exchange-local emits. */
export const DETAIL_TYPES = {
  autoExportCompleted: 'Auto-export Job Completed',
  autoExportFailed: 'Auto-export Job Failed',
  dataSetsPublishedToProduct: 'Data Sets Published To Product',
  revisionPublished: 'Revision Published To Data Set',
  revisionRevoked: 'Revision Revoked',
} as const;
export type DetailType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];

/** An event in the EventBridge envelope, as AWS delivers Data Exchange events. */
export interface ExchangeEventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': DetailType;
  readonly source: 'aws.dataexchange';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
}

/**
 * Builds an event for the account it is delivered to. EventBridge `time` has second precision
 * ("2020-07-29T04:16:28Z").
 */
export function exchangeEvent(input: {
  detailType: DetailType;
  account: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  time?: Date;
}): ExchangeEventEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': input.detailType,
    source: 'aws.dataexchange',
    account: input.account,
    time: `${(input.time ?? new Date()).toISOString().slice(0, 19)}Z`,
    region: input.region,
    resources: input.resources,
    detail: input.detail,
  };
}
