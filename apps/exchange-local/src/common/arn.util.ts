/**
 * ARNs of Data Exchange and Marketplace Catalog resources. Entitled copies leave the account out
 * (`arn:aws:dataexchange:REGION::data-sets/ID`), as the real service shows them to subscribers.
 */
export interface ArnContext {
  readonly region: string;
  /** Owner account, or undefined for an entitled copy. */
  readonly accountId: string | undefined;
}

const adxPrefix = ({ region, accountId }: ArnContext) =>
  `arn:aws:dataexchange:${region}:${accountId ?? ''}`;

export const adxArn = {
  dataSet: (context: ArnContext, dataSetId: string) =>
    `${adxPrefix(context)}:data-sets/${dataSetId}`,
  revision: (context: ArnContext, dataSetId: string, revisionId: string) =>
    `${adxPrefix(context)}:data-sets/${dataSetId}/revisions/${revisionId}`,
  asset: (context: ArnContext, dataSetId: string, revisionId: string, assetId: string) =>
    `${adxPrefix(context)}:data-sets/${dataSetId}/revisions/${revisionId}/assets/${assetId}`,
  job: (context: ArnContext, jobId: string) => `${adxPrefix(context)}:jobs/${jobId}`,
  eventAction: (context: ArnContext, eventActionId: string) =>
    `${adxPrefix(context)}:event-actions/${eventActionId}`,
} as const;

export const catalogArn = {
  entity: (region: string, accountId: string, entityId: string) =>
    `arn:aws:aws-marketplace:${region}:${accountId}:AWSMarketplace/DataProduct/${entityId}`,
  changeSet: (region: string, accountId: string, changeSetId: string) =>
    `arn:aws:aws-marketplace:${region}:${accountId}:AWSMarketplace/ChangeSet/${changeSetId}`,
} as const;

export type ParsedAdxArn =
  | { readonly kind: 'data-set'; readonly dataSetId: string }
  | { readonly kind: 'revision'; readonly dataSetId: string; readonly revisionId: string }
  | {
      readonly kind: 'asset';
      readonly dataSetId: string;
      readonly revisionId: string;
      readonly assetId: string;
    }
  | { readonly kind: 'job'; readonly jobId: string }
  | { readonly kind: 'event-action'; readonly eventActionId: string };

export interface ParsedArn {
  readonly region: string;
  readonly accountId: string | undefined;
  readonly resource: ParsedAdxArn;
}

const ID = '([a-zA-Z0-9]{30,40})';
const RESOURCE_PATTERNS: readonly [RegExp, (ids: string[]) => ParsedAdxArn][] = [
  [
    new RegExp(`^data-sets/${ID}$`),
    ([dataSetId]) => ({ kind: 'data-set', dataSetId: dataSetId as string }),
  ],
  [
    new RegExp(`^data-sets/${ID}/revisions/${ID}$`),
    ([dataSetId, revisionId]) => ({
      kind: 'revision',
      dataSetId: dataSetId as string,
      revisionId: revisionId as string,
    }),
  ],
  [
    new RegExp(`^data-sets/${ID}/revisions/${ID}/assets/${ID}$`),
    ([dataSetId, revisionId, assetId]) => ({
      kind: 'asset',
      dataSetId: dataSetId as string,
      revisionId: revisionId as string,
      assetId: assetId as string,
    }),
  ],
  [new RegExp(`^jobs/${ID}$`), ([jobId]) => ({ kind: 'job', jobId: jobId as string })],
  [
    new RegExp(`^event-actions/${ID}$`),
    ([eventActionId]) => ({ kind: 'event-action', eventActionId: eventActionId as string }),
  ],
];

/** Parses a Data Exchange ARN; undefined when it is not one. */
export function parseAdxArn(arn: string): ParsedArn | undefined {
  const match = /^arn:aws:dataexchange:([a-z0-9-]+):(\d{12})?:(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, region, accountId, resource] = match as unknown as [
    string,
    string,
    string | undefined,
    string,
  ];
  for (const [pattern, build] of RESOURCE_PATTERNS) {
    const ids = pattern.exec(resource);
    if (ids) return { region, accountId, resource: build(ids.slice(1)) };
  }
  return undefined;
}
