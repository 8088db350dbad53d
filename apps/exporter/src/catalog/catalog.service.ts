import { Injectable } from '@nestjs/common';
import { PrismaService } from '@tickline/db';

import { ExchangeService } from '../exchange/exchange.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import type { CatalogQuery, CatalogView } from './catalog.schema';

/**
 * What the subscriber can see and where it went: entitled data sets (ListDataSets ENTITLED),
 * their newest revisions (one ListDataSetRevisions page each) and, per revision, the export
 * status at every destination subscribed to the data set.
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly exchange: ExchangeService,
    private readonly prisma: PrismaService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  async catalog(query: CatalogQuery): Promise<CatalogView> {
    const [entitled, subscriptions] = await Promise.all([
      this.exchange.listEntitledDataSets(),
      this.subscriptions.list(),
    ]);
    const dataSets = query.subscribed
      ? entitled.filter((d) => subscriptions.some((s) => s.exchangeDataSetId === d.Id))
      : entitled;
    const views: CatalogView['dataSets'] = [];
    for (const dataSet of dataSets) {
      const id = dataSet.Id as string;
      const revisions = await this.exchange.newestRevisions(id, query.revisions);
      const ours = subscriptions.filter((s) => s.exchangeDataSetId === id);
      const runs = await this.prisma.exportRun.findMany({
        where: { exchangeRevisionId: { in: revisions.map((r) => r.Id as string) } },
      });
      views.push({
        id,
        name: dataSet.Name ?? '',
        arn: dataSet.Arn ?? '',
        productId: dataSet.OriginDetails?.ProductId ?? null,
        description: dataSet.Description ?? null,
        subscriptions: ours.map((s) => ({
          id: s.id,
          name: s.name,
          bucket: s.destinationBucket,
          mode: s.mode,
          enabled: s.enabled,
        })),
        revisions: revisions.map((revision) => ({
          id: revision.Id as string,
          createdAt: revision.CreatedAt?.toISOString() ?? '',
          comment: revision.Comment ?? null,
          finalized: revision.Finalized === true,
          revoked: revision.Revoked === true,
          exports: ours.map((subscription) => {
            const run = runs.find(
              (r) =>
                r.exchangeRevisionId === revision.Id &&
                r.destinationBucket === subscription.destinationBucket &&
                r.destinationKeyPattern === subscription.keyPattern,
            );
            return {
              subscriptionId: subscription.id,
              subscriptionName: subscription.name,
              bucket: subscription.destinationBucket,
              keyPattern: subscription.keyPattern,
              status: run?.status ?? 'NOT_EXPORTED',
              exportRunId: run?.id ?? null,
              error: run?.error ?? null,
              finishedAt: run?.finishedAt?.toISOString() ?? null,
            };
          }),
        })),
      });
    }
    return { dataSets: views };
  }
}
