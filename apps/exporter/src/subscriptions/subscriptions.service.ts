import type { DataSetEntry } from '@aws-sdk/client-dataexchange';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { type ExportSubscription, isUniqueConstraintViolation, PrismaService } from '@tickline/db';

import { WakeSignal } from '../common/wake-signal.util';
import { ExchangeService } from '../exchange/exchange.service';
import { resolveEntitledDataSet } from './entitlement.util';
import { DEFAULT_KEY_PATTERN, LATEST_KEY_PATTERN } from './key-pattern.util';
import type {
  CreateSubscriptionInput,
  SubscriptionEntry,
  UpdateSubscriptionInput,
} from './subscription.schema';
import { encryptionColumns } from './subscription-view.util';

/**
 * Subscriptions: an entitled data set -> destination bucket, key pattern, mode and encryption.
 * Entitlement is checked when a subscription is made, so a data set the account cannot export
 * is refused at once instead of never exporting anything.
 */
@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger(SubscriptionsService.name);
  /** Woken on every change, so the reconciliation loop looks at new destinations at once. */
  readonly changed = new WakeSignal();

  constructor(
    private readonly exchange: ExchangeService,
    private readonly prisma: PrismaService,
  ) {}

  list(): Promise<ExportSubscription[]> {
    return this.prisma.exportSubscription.findMany({ orderBy: { createdAt: 'asc' } });
  }

  /** The enabled subscriptions, only those of one data set when it is given. */
  enabled(dataSetId?: string): Promise<ExportSubscription[]> {
    return this.prisma.exportSubscription.findMany({
      where: { enabled: true, exchangeDataSetId: dataSetId },
      orderBy: { createdAt: 'asc' },
    });
  }

  /** By id or by name. */
  async get(idOrName: string): Promise<ExportSubscription> {
    const row = await this.prisma.exportSubscription.findFirst({
      where: isUuid(idOrName) ? { id: idOrName } : { name: idOrName },
    });
    if (!row) throw new NotFoundException(`No subscription ${JSON.stringify(idOrName)}.`);
    return row;
  }

  async create(input: CreateSubscriptionInput): Promise<ExportSubscription> {
    const resolved = resolveEntitledDataSet(
      input.dataSet,
      await this.exchange.listEntitledDataSets(),
    );
    if (!resolved.ok)
      throw new UnprocessableEntityException(`Cannot subscribe: ${resolved.problem}.`);
    const dataSetId = resolved.dataSet.Id as string;
    const keyPattern = keyPatternOf(input);
    const row = await this.insert({
      name: input.name ?? `${dataSetId}->s3://${input.bucket}/${keyPattern}`,
      exchangeDataSetId: dataSetId,
      destinationBucket: input.bucket,
      keyPattern,
      mode: input.mode ?? 'PATTERN',
      enabled: input.enabled ?? true,
      ...encryptionColumns(input.encryption),
    });
    this.logger.log(
      `Subscription ${row.name} created: data set ${dataSetId} -> s3://${row.destinationBucket}/${row.keyPattern} (${row.mode}).`,
    );
    this.changed.wake();
    return row;
  }

  async update(idOrName: string, patch: UpdateSubscriptionInput): Promise<ExportSubscription> {
    const current = await this.get(idOrName);
    const mode = patch.mode ?? current.mode;
    if (mode === 'LATEST' && patch.keyPattern !== undefined) {
      throw new BadRequestException(
        'LATEST mode writes the fixed keys latest/${DataSet.Name}/${Asset.Name}; leave keyPattern out or switch to PATTERN',
      );
    }
    const keyPattern =
      mode === 'LATEST'
        ? LATEST_KEY_PATTERN
        : (patch.keyPattern ??
          (current.mode === 'LATEST' ? DEFAULT_KEY_PATTERN : current.keyPattern));
    try {
      const row = await this.prisma.exportSubscription.update({
        where: { id: current.id },
        data: {
          mode,
          keyPattern,
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.bucket !== undefined ? { destinationBucket: patch.bucket } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          ...(patch.encryption !== undefined ? encryptionColumns(patch.encryption) : {}),
        },
      });
      this.changed.wake();
      return row;
    } catch (error) {
      throw conflictOr(error);
    }
  }

  /**
   * Removes a subscription that never exported anything. One with export runs keeps them (they
   * are the history, and what stops a revision from being exported twice to a destination):
   * disable it instead.
   */
  async remove(idOrName: string): Promise<void> {
    const current = await this.get(idOrName);
    const runs = await this.prisma.exportRun.count({ where: { subscriptionId: current.id } });
    if (runs > 0) {
      throw new ConflictException(
        `Subscription ${current.name} has ${runs} export run(s), kept as history: disable it with PATCH {"enabled": false} instead.`,
      );
    }
    await this.prisma.exportSubscription.delete({ where: { id: current.id } });
    this.changed.wake();
  }

  /**
   * Applies one entry of the subscription document for one entitled data set: creates the
   * subscription by name or brings it in line with the document.
   */
  async applyEntry(
    name: string,
    entry: SubscriptionEntry,
    dataSet: DataSetEntry,
  ): Promise<ExportSubscription> {
    const data = {
      exchangeDataSetId: dataSet.Id as string,
      destinationBucket: entry.bucket,
      keyPattern: keyPatternOf(entry),
      mode: entry.mode ?? 'PATTERN',
      enabled: entry.enabled ?? true,
      ...encryptionColumns(entry.encryption),
    };
    try {
      return await this.prisma.exportSubscription.upsert({
        where: { name },
        create: { name, ...data },
        update: data,
      });
    } catch (error) {
      throw conflictOr(error);
    }
  }

  private async insert(
    data: Parameters<PrismaService['exportSubscription']['create']>[0]['data'],
  ): Promise<ExportSubscription> {
    try {
      return await this.prisma.exportSubscription.create({ data });
    } catch (error) {
      throw conflictOr(error);
    }
  }
}

function keyPatternOf(input: {
  mode?: string | undefined;
  keyPattern?: string | undefined;
}): string {
  return input.mode === 'LATEST' ? LATEST_KEY_PATTERN : (input.keyPattern ?? DEFAULT_KEY_PATTERN);
}

function conflictOr(error: unknown): unknown {
  return isUniqueConstraintViolation(error)
    ? new ConflictException(
        'A subscription with this name, or for this data set with this bucket and key pattern, already exists.',
      )
    : error;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
