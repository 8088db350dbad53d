import { Inject, Injectable } from '@nestjs/common';

import { ResourceAccess } from '../access/resource-access.service';
import type { Caller } from '../auth/caller.decorator';
import { adxResourceArn, presentAsset, type ViewContext } from '../common/adx-view.presenter';
import { DEFAULT_PAGE_SIZE } from '../common/quotas.constants';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { Revision } from '../generated/prisma/client';
import { PrismaService } from '../persistence/prisma.service';
import { awsErrors } from '../protocol/aws-error.exception';
import { toPage } from '../protocol/page.util';
import type { PageCursor } from '../protocol/pagination-token.util';
import { PaginationTokenCodec } from '../protocol/pagination-token.util';
import { ObjectStore } from '../storage/object-store.service';
import { TagsService } from '../tags/tags.service';

import type { ListAssetsQuery, UpdateAssetBody } from './assets.schemas';

interface AssetIds {
  dataSetId: string;
  revisionId: string;
  assetId: string;
}

@Injectable()
export class AssetsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ResourceAccess,
    private readonly tags: TagsService,
    private readonly tokens: PaginationTokenCodec,
    private readonly store: ObjectStore,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async get(caller: Caller, ids: AssetIds) {
    const view = this.view(caller);
    const { dataSet, asset } = await this.access.readableAsset(caller, ids);
    const tags = await this.tags.tagsOf(
      caller.accountId,
      adxResourceArn.asset(view, dataSet, ids.revisionId, ids.assetId),
    );
    return presentAsset(view, dataSet, asset, tags);
  }

  /** Sorted by name, descending, as the API documentation describes ListRevisionAssets. */
  async list(caller: Caller, dataSetId: string, revisionId: string, query: ListAssetsQuery) {
    const { dataSet } = await this.access.readableRevision(caller, dataSetId, revisionId);
    const scope = `ListRevisionAssets|${caller.accountId}|${dataSetId}|${revisionId}`;
    const cursor = query.nextToken ? this.tokens.decode(scope, query.nextToken) : undefined;
    const pageSize = query.maxResults ?? DEFAULT_PAGE_SIZE;
    const rows = await this.prisma.asset.findMany({
      where: {
        revisionId,
        ...(cursor
          ? { OR: [{ name: { lt: cursor.key } }, { name: cursor.key, id: { lt: cursor.id } }] }
          : {}),
      },
      orderBy: [{ name: 'desc' }, { id: 'desc' }],
      take: pageSize + 1,
    });
    const page = toPage(rows, pageSize, (row): PageCursor => ({ key: row.name, id: row.id }), {
      codec: this.tokens,
      scope,
    });
    const view = this.view(caller);
    return {
      Assets: page.items.map((asset) => presentAsset(view, dataSet, asset)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  async update(caller: Caller, ids: AssetIds, body: UpdateAssetBody) {
    const { dataSet, revision } = await this.access.writableAsset(caller, ids);
    requireEditable(revision);
    const updated = await this.prisma.asset.update({
      where: { id: ids.assetId },
      data: { name: body.Name },
    });
    return presentAsset(this.view(caller), dataSet, updated);
  }

  /** The stored bytes go once no asset (an entitled copy, say) refers to them any more. */
  async delete(caller: Caller, ids: AssetIds): Promise<void> {
    const view = this.view(caller);
    const orphaned = await this.prisma.$transaction(async (tx) => {
      const { dataSet, revision, asset } = await this.access.writableAsset(caller, ids, tx);
      if (!revision.revoked) requireEditable(revision);
      await tx.asset.delete({ where: { id: asset.id } });
      await this.tags.deleteTagsUnder(
        adxResourceArn.asset(view, dataSet, ids.revisionId, ids.assetId),
        tx,
      );
      const stillUsed = await tx.asset.count({ where: { storageKey: asset.storageKey } });
      return stillUsed === 0 ? [asset.storageKey] : [];
    });
    await this.store.delete(this.store.assetBucket, orphaned);
  }

  private view(caller: Caller): ViewContext {
    return { region: this.config.region, viewerAccountId: caller.accountId };
  }
}

function requireEditable(revision: Revision): void {
  if (revision.finalized || revision.publishedAt) {
    throw awsErrors.conflict(
      `Revision ${revision.id} is finalized; its assets cannot be changed until it is un-finalized.`,
      'REVISION',
      revision.id,
    );
  }
}
