import type { Asset, DataSet, Revision } from '../generated/prisma/client';
import { toAdxTimestamp } from '../protocol/aws-timestamp.util';
import { wireObject } from '../protocol/wire-object.util';

import { adxArn, type ArnContext } from './arn.util';

/** Whom a resource is shown to: ARNs, `SourceId` and `Tags` depend on the viewer. */
export interface ViewContext {
  readonly region: string;
  readonly viewerAccountId: string;
}

type Tags = Record<string, string>;

function arnContext(view: ViewContext, dataSet: DataSet): ArnContext {
  return {
    region: view.region,
    accountId: dataSet.origin === 'OWNED' ? dataSet.accountId : undefined,
  };
}

/** `SourceId` is shown only to the owner of the source, viewing its own entitled copy. */
function sourceIdFor(
  view: ViewContext,
  dataSet: DataSet,
  sourceId: string | null,
): string | undefined {
  return dataSet.origin === 'ENTITLED' && dataSet.accountId === view.viewerAccountId
    ? (sourceId ?? undefined)
    : undefined;
}

export const adxResourceArn = {
  dataSet: (view: ViewContext, dataSet: DataSet) =>
    adxArn.dataSet(arnContext(view, dataSet), dataSet.id),
  revision: (view: ViewContext, dataSet: DataSet, revisionId: string) =>
    adxArn.revision(arnContext(view, dataSet), dataSet.id, revisionId),
  asset: (view: ViewContext, dataSet: DataSet, revisionId: string, assetId: string) =>
    adxArn.asset(arnContext(view, dataSet), dataSet.id, revisionId, assetId),
};

export function presentDataSet(view: ViewContext, dataSet: DataSet, tags?: Tags) {
  return wireObject({
    Arn: adxResourceArn.dataSet(view, dataSet),
    AssetType: dataSet.assetType,
    CreatedAt: toAdxTimestamp(dataSet.createdAt),
    Description: dataSet.description,
    Id: dataSet.id,
    Name: dataSet.name,
    Origin: dataSet.origin,
    OriginDetails: dataSet.productId ? { ProductId: dataSet.productId } : undefined,
    SourceId: sourceIdFor(view, dataSet, dataSet.sourceId),
    Tags: tags,
    UpdatedAt: toAdxTimestamp(dataSet.updatedAt),
  });
}

export function presentRevision(
  view: ViewContext,
  dataSet: DataSet,
  revision: Revision,
  tags?: Tags,
) {
  return wireObject({
    Arn: adxResourceArn.revision(view, dataSet, revision.id),
    Comment: revision.comment,
    CreatedAt: toAdxTimestamp(revision.createdAt),
    DataSetId: revision.dataSetId,
    Finalized: revision.finalized,
    Id: revision.id,
    RevocationComment: revision.revocationComment,
    Revoked: revision.revoked,
    RevokedAt: revision.revokedAt ? toAdxTimestamp(revision.revokedAt) : undefined,
    SourceId: sourceIdFor(view, dataSet, revision.sourceId),
    Tags: tags,
    UpdatedAt: toAdxTimestamp(revision.updatedAt),
  });
}

export function presentAsset(view: ViewContext, dataSet: DataSet, asset: Asset, tags?: Tags) {
  return wireObject({
    Arn: adxResourceArn.asset(view, dataSet, asset.revisionId, asset.id),
    AssetDetails: { S3SnapshotAsset: { Size: Number(asset.size) } },
    AssetType: dataSet.assetType,
    CreatedAt: toAdxTimestamp(asset.createdAt),
    DataSetId: asset.dataSetId,
    Id: asset.id,
    Name: asset.name,
    RevisionId: asset.revisionId,
    SourceId: sourceIdFor(view, dataSet, asset.sourceId),
    Tags: tags,
    UpdatedAt: toAdxTimestamp(asset.updatedAt),
  });
}
