import { Inject, Injectable, Logger } from '@nestjs/common';

import { ResourceAccess } from '../access/resource-access.service';
import type { Caller } from '../auth/caller.decorator';
import { adxResourceArn, presentDataSet, type ViewContext } from '../common/adx-view.presenter';
import { DEFAULT_PAGE_SIZE, QUOTAS } from '../common/quotas.constants';
import { newResourceId } from '../common/resource-id.util';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { PrismaService } from '../persistence/prisma.service';
import { awsErrors } from '../protocol/aws-error.exception';
import { afterCreatedDesc, createdCursor, toPage } from '../protocol/page.util';
import { PaginationTokenCodec } from '../protocol/pagination-token.util';
import { ObjectStore } from '../storage/object-store.service';
import { TagsService } from '../tags/tags.service';

import type { CreateDataSetBody, ListDataSetsQuery, UpdateDataSetBody } from './data-sets.schemas';

@Injectable()
export class DataSetsService {
  private readonly logger = new Logger(DataSetsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ResourceAccess,
    private readonly tags: TagsService,
    private readonly tokens: PaginationTokenCodec,
    private readonly store: ObjectStore,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async create(caller: Caller, body: CreateDataSetBody) {
    const view = this.view(caller);
    const dataSet = await this.prisma.$transaction(async (tx) => {
      const owned = await tx.dataSet.count({
        where: { accountId: caller.accountId, origin: 'OWNED' },
      });
      if (owned >= QUOTAS.dataSetsPerAccount) {
        throw awsErrors.serviceLimitExceeded('Data sets per account', QUOTAS.dataSetsPerAccount);
      }
      const created = await tx.dataSet.create({
        data: {
          accountId: caller.accountId,
          assetType: body.AssetType,
          description: body.Description,
          id: newResourceId(),
          name: body.Name,
          origin: 'OWNED',
        },
      });
      await this.tags.addTags(
        caller.accountId,
        adxResourceArn.dataSet(view, created),
        body.Tags,
        tx,
      );
      return created;
    });
    this.logger.log(
      `Account ${caller.accountId} created data set ${dataSet.id} (${dataSet.name}).`,
    );
    return presentDataSet(view, dataSet, body.Tags ?? {});
  }

  async get(caller: Caller, dataSetId: string) {
    const view = this.view(caller);
    const dataSet = await this.access.readableDataSet(caller, dataSetId);
    return presentDataSet(
      view,
      dataSet,
      await this.tags.tagsOf(caller.accountId, adxResourceArn.dataSet(view, dataSet)),
    );
  }

  async list(caller: Caller, query: ListDataSetsQuery) {
    const scope = `ListDataSets|${caller.accountId}|${query.origin ?? ''}`;
    const cursor = query.nextToken ? this.tokens.decode(scope, query.nextToken) : undefined;
    const pageSize = query.maxResults ?? DEFAULT_PAGE_SIZE;
    const rows = await this.prisma.dataSet.findMany({
      where: {
        AND: [
          this.access.visibleDataSets(caller),
          query.origin ? { origin: query.origin } : {},
          afterCreatedDesc(cursor),
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: pageSize + 1,
    });
    const page = toPage(rows, pageSize, createdCursor, { codec: this.tokens, scope });
    const view = this.view(caller);
    return {
      DataSets: page.items.map((dataSet) => presentDataSet(view, dataSet)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  async update(caller: Caller, dataSetId: string, body: UpdateDataSetBody) {
    await this.access.writableDataSet(caller, dataSetId);
    const updated = await this.prisma.dataSet.update({
      where: { id: dataSetId },
      data: {
        ...(body.Name !== undefined ? { name: body.Name } : {}),
        ...(body.Description !== undefined ? { description: body.Description } : {}),
      },
    });
    return presentDataSet(this.view(caller), updated);
  }

  /** A data set in a product, or with entitled copies, must be removed from the product first. */
  async delete(caller: Caller, dataSetId: string): Promise<void> {
    const view = this.view(caller);
    const storageKeys = await this.prisma.$transaction(async (tx) => {
      const dataSet = await this.access.writableDataSet(caller, dataSetId, tx);
      const inProducts = await tx.productDataSet.count({ where: { dataSetId } });
      const copies = await tx.dataSet.count({ where: { sourceId: dataSetId } });
      if (inProducts > 0 || copies > 0) {
        throw awsErrors.conflict(
          `Data set ${dataSetId} is published to a product and cannot be deleted.`,
          'DATA_SET',
          dataSetId,
        );
      }
      const assets = await tx.asset.findMany({
        where: { dataSetId },
        select: { storageKey: true },
      });
      await tx.dataSet.delete({ where: { id: dataSetId } });
      await this.tags.deleteTagsUnder(adxResourceArn.dataSet(view, dataSet), tx);
      return assets.map((asset) => asset.storageKey);
    });
    await this.store.delete(this.store.assetBucket, storageKeys);
    this.logger.log(
      `Account ${caller.accountId} deleted data set ${dataSetId} and ${storageKeys.length} asset(s).`,
    );
  }

  private view(caller: Caller): ViewContext {
    return { region: this.config.region, viewerAccountId: caller.accountId };
  }
}
