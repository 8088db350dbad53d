import { Inject, Injectable } from '@nestjs/common';

import { ResourceAccess } from '../access/resource-access.service';
import type { Caller } from '../auth/caller.decorator';
import { adxArn, type ParsedAdxArn, parseAdxArn } from '../common/arn.util';
import { adxResourceArn, type ViewContext } from '../common/adx-view.presenter';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { DbClient } from '../persistence/db-client.type';
import { PrismaService } from '../persistence/prisma.service';
import { type AdxResourceType, awsErrors } from '../protocol/aws-error.exception';

type TagMap = Record<string, string>;

/** Tags of Data Exchange resources, kept per tagging account and resource ARN. */
@Injectable()
export class TagsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ResourceAccess,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async tagsOf(
    accountId: string,
    resourceArn: string,
    db: DbClient = this.prisma,
  ): Promise<TagMap> {
    const rows = await db.tag.findMany({
      where: { accountId, resourceArn },
      orderBy: { key: 'asc' },
    });
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  async addTags(
    accountId: string,
    resourceArn: string,
    tags: TagMap | undefined,
    db: DbClient = this.prisma,
  ) {
    for (const [key, value] of Object.entries(tags ?? {})) {
      await db.tag.upsert({
        where: { accountId_resourceArn_key: { accountId, resourceArn, key } },
        create: { accountId, resourceArn, key, value },
        update: { value },
      });
    }
  }

  /** Drops every account's tags on a resource and everything under it (revisions, assets). */
  async deleteTagsUnder(resourceArn: string, db: DbClient = this.prisma): Promise<void> {
    await db.tag.deleteMany({
      where: { OR: [{ resourceArn }, { resourceArn: { startsWith: `${resourceArn}/` } }] },
    });
  }

  async listTagsForResource(caller: Caller, resourceArn: string) {
    await this.requireVisible(caller, resourceArn);
    return { tags: await this.tagsOf(caller.accountId, resourceArn) };
  }

  async tagResource(caller: Caller, resourceArn: string, tags: TagMap): Promise<void> {
    await this.requireVisible(caller, resourceArn);
    await this.addTags(caller.accountId, resourceArn, tags);
  }

  async untagResource(
    caller: Caller,
    resourceArn: string,
    tagKeys: readonly string[],
  ): Promise<void> {
    await this.requireVisible(caller, resourceArn);
    await this.prisma.tag.deleteMany({
      where: { accountId: caller.accountId, resourceArn, key: { in: [...tagKeys] } },
    });
  }

  /**
   * The ARN must name a resource the caller can see, spelled exactly as the caller is shown it
   * (owned ARNs carry the account, entitled ones do not).
   */
  private async requireVisible(caller: Caller, resourceArn: string): Promise<void> {
    const parsed = parseAdxArn(resourceArn);
    if (!parsed)
      throw awsErrors.validation(`ResourceArn ${resourceArn} is not a valid Data Exchange ARN.`);
    const [canonical, resourceType, resourceId] = await this.canonicalArn(caller, parsed.resource);
    if (canonical !== resourceArn) throw awsErrors.resourceNotFound(resourceType, resourceId);
  }

  private async canonicalArn(
    caller: Caller,
    resource: ParsedAdxArn,
  ): Promise<[string, AdxResourceType, string]> {
    const view: ViewContext = { region: this.config.region, viewerAccountId: caller.accountId };
    const own = { region: this.config.region, accountId: caller.accountId };
    switch (resource.kind) {
      case 'data-set': {
        const dataSet = await this.access.readableDataSet(caller, resource.dataSetId);
        return [adxResourceArn.dataSet(view, dataSet), 'DATA_SET', resource.dataSetId];
      }
      case 'revision': {
        const { dataSet } = await this.access.readableRevision(
          caller,
          resource.dataSetId,
          resource.revisionId,
        );
        return [
          adxResourceArn.revision(view, dataSet, resource.revisionId),
          'REVISION',
          resource.revisionId,
        ];
      }
      case 'asset': {
        const { dataSet } = await this.access.readableAsset(caller, resource);
        return [
          adxResourceArn.asset(view, dataSet, resource.revisionId, resource.assetId),
          'ASSET',
          resource.assetId,
        ];
      }
      case 'job': {
        const job = await this.prisma.job.findFirst({
          where: { id: resource.jobId, accountId: caller.accountId },
        });
        if (!job) throw awsErrors.resourceNotFound('JOB', resource.jobId);
        return [adxArn.job(own, job.id), 'JOB', job.id];
      }
      case 'event-action': {
        const action = await this.prisma.eventAction.findFirst({
          where: { id: resource.eventActionId, accountId: caller.accountId },
        });
        if (!action) throw awsErrors.resourceNotFound('EVENT_ACTION', resource.eventActionId);
        return [adxArn.eventAction(own, action.id), 'EVENT_ACTION', action.id];
      }
    }
  }
}
