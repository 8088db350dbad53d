import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PrismaService } from '@tickline/db';
import { ConfigService, DRAIN_ORDER, DrainService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { errorMessage } from '../exchange/exchange-errors.util';
import { ExchangeService } from '../exchange/exchange.service';
import { ExportMetrics } from '../exports/export.metrics';
import { SubscriptionConfigService } from '../subscriptions/subscription-config.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { RevisionTriggerService } from './revision-trigger.service';

export interface ReconcileReport {
  readonly dataSets: number;
  readonly runsCreated: number;
  readonly notEntitled: string[];
}

/**
 * The safety net under the events: at start and every EXPORTER_RECONCILE_INTERVAL (sooner when
 * a subscription changes), list every subscribed data set's revisions (ListDataSetRevisions,
 * all pages) and create runs for finalized revisions that have none. Downtime, a lost event or
 * a new subscription never leaves a revision behind; the unique key makes it harmless when the
 * event got there first.
 */
@Injectable()
export class ReconciliationService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReconciliationService.name);
  private stopping = false;
  private loop: Promise<void> | undefined;
  private running: Promise<ReconcileReport> | undefined;

  constructor(
    private readonly config: ConfigService<AppConfig>,
    private readonly exchange: ExchangeService,
    private readonly prisma: PrismaService,
    private readonly subscriptions: SubscriptionsService,
    private readonly subscriptionConfig: SubscriptionConfigService,
    private readonly trigger: RevisionTriggerService,
    private readonly metrics: ExportMetrics,
    drain: DrainService,
  ) {
    drain.register('reconciliation', () => this.stop(), { order: DRAIN_ORDER.stopIntake });
  }

  onApplicationBootstrap(): void {
    this.loop = this.reconcileLoop();
  }

  /** One pass; concurrent callers share the pass in progress. */
  reconcile(): Promise<ReconcileReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async reconcileLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.reconcile();
        this.metrics.reconciliations.inc({ outcome: 'ok' });
      } catch (error) {
        this.metrics.reconciliations.inc({ outcome: 'failed' });
        this.logger.error(
          `Reconciliation failed, next pass at the next interval: ${errorMessage(error)}`,
        );
      }
      if (this.stopping) break;
      await this.subscriptions.changed.wait(this.config.get('EXPORTER_RECONCILE_INTERVAL'));
    }
  }

  private async pass(): Promise<ReconcileReport> {
    const entitled = await this.exchange.listEntitledDataSets();
    await this.subscriptionConfig.expandWildcards(entitled);
    const entitledIds = new Set(entitled.map((dataSet) => dataSet.Id));
    const subscriptions = await this.subscriptions.enabled();
    const dataSetIds = [...new Set(subscriptions.map((s) => s.exchangeDataSetId))];
    const notEntitled: string[] = [];
    let runsCreated = 0;
    for (const dataSetId of dataSetIds) {
      if (this.stopping) break;
      if (!entitledIds.has(dataSetId)) {
        notEntitled.push(dataSetId);
        this.logger.warn(
          `Data set ${dataSetId} is subscribed but no longer entitled; nothing to export from it.`,
        );
        continue;
      }
      const revisions = await this.exchange.listRevisions(dataSetId);
      const newest = revisions.reduce<Date | undefined>(
        (max, r) => (r.CreatedAt && (!max || r.CreatedAt > max) ? r.CreatedAt : max),
        undefined,
      );
      for (const subscription of subscriptions.filter((s) => s.exchangeDataSetId === dataSetId)) {
        runsCreated += await this.trigger.trigger(subscription, revisions, 'reconcile');
        if (newest) {
          await this.prisma.exportSubscription.update({
            where: { id: subscription.id },
            data: { reconciledUntil: newest },
          });
        }
      }
    }
    if (runsCreated > 0) {
      this.logger.log(
        `Reconciliation created ${runsCreated} export run(s) over ${dataSetIds.length} data set(s).`,
      );
    }
    return { dataSets: dataSetIds.length, runsCreated, notEntitled };
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    this.subscriptions.changed.wake();
    await this.loop;
  }
}
