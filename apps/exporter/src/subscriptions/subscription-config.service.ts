import type { DataSetEntry } from '@aws-sdk/client-dataexchange';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { errorMessage } from '../exchange/exchange-errors.util';
import { ExchangeService } from '../exchange/exchange.service';
import { resolveEntitledDataSet } from './entitlement.util';
import type { SubscriptionDocument } from './subscription.schema';
import { readSubscriptionDocument, SubscriptionConfigError } from './subscription-document.util';
import { SubscriptionsService } from './subscriptions.service';

const EVERY_DATA_SET = '*';

/**
 * Applies the subscription document at start (adds and updates, never deletes; REST-made
 * subscriptions stay). A named data set must be entitled, or the exporter refuses to start.
 * `*` entries expand to every entitled data set, at start and on every reconciliation pass,
 * so data sets added to a product later are exported too (as `<name>/<data set id>`).
 */
@Injectable()
export class SubscriptionConfigService implements OnModuleInit {
  private readonly logger = new Logger(SubscriptionConfigService.name);
  private readonly document: SubscriptionDocument;

  constructor(
    config: ConfigService<AppConfig>,
    private readonly exchange: ExchangeService,
    private readonly subscriptions: SubscriptionsService,
  ) {
    this.document = readSubscriptionDocument({
      file: config.get('EXPORTER_SUBSCRIPTIONS_FILE'),
      inline: config.get('EXPORTER_SUBSCRIPTIONS'),
    });
  }

  async onModuleInit(): Promise<void> {
    if (this.document.subscriptions.length === 0) return;
    let entitled: DataSetEntry[];
    try {
      entitled = await this.exchange.listEntitledDataSets();
    } catch (error) {
      throw new SubscriptionConfigError(
        `Cannot check the subscriptions' entitlements: ListDataSets (Origin ENTITLED) failed: ${errorMessage(error)}`,
      );
    }
    const problems: string[] = [];
    for (const entry of this.document.subscriptions) {
      if (entry.dataSet === EVERY_DATA_SET) continue;
      const resolved = resolveEntitledDataSet(entry.dataSet, entitled);
      if (!resolved.ok) {
        problems.push(`subscription "${entry.name}": ${resolved.problem}`);
        continue;
      }
      try {
        await this.subscriptions.applyEntry(entry.name, entry, resolved.dataSet);
      } catch (error) {
        problems.push(`subscription "${entry.name}": ${errorMessage(error)}`);
      }
    }
    if (problems.length > 0) {
      throw new SubscriptionConfigError(`Invalid subscriptions: ${problems.join('; ')}`);
    }
    await this.expandWildcards(entitled, { updateExisting: true });
    this.logger.log(`Applied ${this.document.subscriptions.length} subscription entr(ies).`);
  }

  /**
   * Makes sure every `*` entry has a subscription for each of these entitled data sets; at
   * start (`updateExisting`) the existing ones are brought in line with the document too.
   */
  async expandWildcards(
    entitled: readonly DataSetEntry[],
    options: { updateExisting?: boolean } = {},
  ): Promise<void> {
    const wildcards = this.document.subscriptions.filter((e) => e.dataSet === EVERY_DATA_SET);
    if (wildcards.length === 0) return;
    const names = new Set((await this.subscriptions.list()).map((s) => s.name));
    for (const entry of wildcards) {
      for (const dataSet of entitled) {
        const name = `${entry.name}/${dataSet.Id}`;
        const existing = names.has(name);
        if (existing && !options.updateExisting) continue;
        await this.subscriptions.applyEntry(name, entry, dataSet);
        if (existing) continue;
        this.logger.log(
          `Subscribed ${name}: newly entitled data set ${dataSet.Name} (${dataSet.Id}).`,
        );
      }
    }
  }
}
