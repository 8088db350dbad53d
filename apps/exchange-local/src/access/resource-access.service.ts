import { Injectable } from '@nestjs/common';

import type { Caller } from '../auth/caller.decorator';
import type { Asset, DataSet, Revision } from '../generated/prisma/client';
import type { DbClient } from '../persistence/db-client.type';
import { PrismaService } from '../persistence/prisma.service';
import { awsErrors } from '../protocol/aws-error.exception';

/**
 * Who may see and change what. An account sees its OWNED data sets and the ENTITLED copies of
 * products it subscribes to, nothing else: anything outside that is answered as not found, so
 * that ids of other accounts' resources cannot be probed. Entitled copies are read-only.
 */
@Injectable()
export class ResourceAccess {
  constructor(private readonly prisma: PrismaService) {}

  /** Condition selecting the data sets `caller` can see. */
  visibleDataSets(caller: Caller) {
    return {
      OR: [
        { origin: 'OWNED' as const, accountId: caller.accountId },
        {
          origin: 'ENTITLED' as const,
          product: { subscriptions: { some: { subscriberAccountId: caller.accountId } } },
        },
      ],
    };
  }

  async readableDataSet(
    caller: Caller,
    dataSetId: string,
    db: DbClient = this.prisma,
  ): Promise<DataSet> {
    const dataSet = await db.dataSet.findFirst({
      where: { id: dataSetId, ...this.visibleDataSets(caller) },
    });
    if (!dataSet) throw awsErrors.resourceNotFound('DATA_SET', dataSetId);
    return dataSet;
  }

  /** A data set the caller may change: its own, OWNED. A visible entitled copy is refused. */
  async writableDataSet(
    caller: Caller,
    dataSetId: string,
    db: DbClient = this.prisma,
  ): Promise<DataSet> {
    const dataSet = await this.readableDataSet(caller, dataSetId, db);
    if (dataSet.origin !== 'OWNED') {
      throw awsErrors.accessDenied(
        `Data set ${dataSetId} is an entitled data set and cannot be modified.`,
      );
    }
    return dataSet;
  }

  async readableRevision(
    caller: Caller,
    dataSetId: string,
    revisionId: string,
    db: DbClient = this.prisma,
  ): Promise<{ dataSet: DataSet; revision: Revision }> {
    const dataSet = await this.readableDataSet(caller, dataSetId, db);
    const revision = await db.revision.findFirst({ where: { id: revisionId, dataSetId } });
    if (!revision) throw awsErrors.resourceNotFound('REVISION', revisionId);
    return { dataSet, revision };
  }

  async writableRevision(
    caller: Caller,
    dataSetId: string,
    revisionId: string,
    db: DbClient = this.prisma,
  ): Promise<{ dataSet: DataSet; revision: Revision }> {
    const found = await this.readableRevision(caller, dataSetId, revisionId, db);
    if (found.dataSet.origin !== 'OWNED') {
      throw awsErrors.accessDenied(
        `Revision ${revisionId} belongs to an entitled data set and cannot be modified.`,
      );
    }
    return found;
  }

  async readableAsset(
    caller: Caller,
    ids: { dataSetId: string; revisionId: string; assetId: string },
    db: DbClient = this.prisma,
  ): Promise<{ dataSet: DataSet; revision: Revision; asset: Asset }> {
    const found = await this.readableRevision(caller, ids.dataSetId, ids.revisionId, db);
    const asset = await db.asset.findFirst({
      where: { id: ids.assetId, revisionId: ids.revisionId },
    });
    if (!asset) throw awsErrors.resourceNotFound('ASSET', ids.assetId);
    return { ...found, asset };
  }

  async writableAsset(
    caller: Caller,
    ids: { dataSetId: string; revisionId: string; assetId: string },
    db: DbClient = this.prisma,
  ): Promise<{ dataSet: DataSet; revision: Revision; asset: Asset }> {
    const found = await this.readableAsset(caller, ids, db);
    if (found.dataSet.origin !== 'OWNED') {
      throw awsErrors.accessDenied(
        `Asset ${ids.assetId} belongs to an entitled data set and cannot be modified.`,
      );
    }
    return found;
  }
}
