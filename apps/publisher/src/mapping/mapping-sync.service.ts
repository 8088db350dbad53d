import { createHash } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { Prisma, PrismaService } from '@tickline/db';
import { ConfigService, S3Service } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import { ExchangeGateway } from '../exchange/exchange.gateway';
import { MAPPING, type Mapping, type MappedDataSet } from './mapping.schema';

/** Ties one advisory lock to the mapping sync, so two instances never create a data set twice. */
const SYNC_LOCK_KEY = 0x7075_626c; // "publ"

/**
 * Brings PostgreSQL and the exchange in line with the mapping: data sources, data sets and
 * products as rows; each data set created in the exchange once (found by name first); each
 * data set added to each of its products (AddDataSets) when the product does not carry it yet.
 */
@Injectable()
export class MappingSyncService {
  private readonly logger = new Logger(MappingSyncService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly exchange: ExchangeGateway,
    private readonly s3: S3Service,
    private readonly config: ConfigService<AppConfig>,
    @Inject(MAPPING) private readonly mapping: Mapping,
  ) {}

  async sync(): Promise<void> {
    await this.ensureBuckets();
    await this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SYNC_LOCK_KEY})`;
        for (const dataSet of this.mapping.dataSets) await this.syncRows(tx, dataSet);
      },
      { timeout: 600_000, maxWait: 600_000 },
    );
    for (const productId of this.mapping.products) await this.attachDataSets(productId);
    this.logger.log(
      `Mapping synced: ${this.mapping.dataSets.length} data sets in ${this.mapping.products.length} products.`,
    );
  }

  private async syncRows(tx: Prisma.TransactionClient, mapped: MappedDataSet): Promise<void> {
    const source = await tx.dataSource.upsert({
      where: { venue_dataType: { venue: mapped.venue, dataType: mapped.type } },
      create: { venue: mapped.venue, dataType: mapped.type },
      update: {},
    });
    let row = await tx.dataSet.upsert({
      where: { name: mapped.name },
      create: {
        name: mapped.name,
        bucket: mapped.bucket,
        prefix: mapped.prefix,
        description: mapped.description,
      },
      update: { bucket: mapped.bucket, prefix: mapped.prefix, description: mapped.description },
    });
    await tx.dataSourceDataSet.createMany({
      data: [{ dataSourceId: source.id, dataSetId: row.id }],
      skipDuplicates: true,
    });
    if (row.exchangeDataSetId === null) {
      const owned =
        (await this.exchange.findOwnedDataSet(mapped.name)) ??
        (await this.exchange.createDataSet(mapped.name, mapped.description));
      row = await tx.dataSet.update({
        where: { id: row.id },
        data: { exchangeDataSetId: owned.id, exchangeDataSetArn: owned.arn },
      });
      this.logger.log(`Data set ${mapped.name} is ${owned.id} in the exchange.`);
    }
    for (const exchangeProductId of mapped.products) {
      const product = await tx.product.upsert({
        where: { exchangeProductId },
        create: { exchangeProductId },
        update: {},
      });
      await tx.dataSetProduct.createMany({
        data: [{ dataSetId: row.id, productId: product.id }],
        skipDuplicates: true,
      });
    }
  }

  /**
   * The buckets the publisher writes (products) or scans (incoming) exist, created if missing
   * (a fresh stack); without the right to create them the first run that needs one says so.
   */
  private async ensureBuckets(): Promise<void> {
    const buckets = new Set(this.mapping.dataSets.map((d) => d.bucket));
    if (this.mapping.incoming) buckets.add(this.mapping.incoming.bucket);
    for (const bucket of buckets) {
      try {
        if (await this.s3.ensureBucket(bucket)) this.logger.log(`Created bucket ${bucket}.`);
      } catch (error) {
        this.logger.warn(
          `Bucket ${bucket} could not be checked or created: ${(error as Error).message}`,
        );
      }
    }
  }

  /** One AddDataSets change set per product for the data sets it does not carry yet. */
  private async attachDataSets(productId: string): Promise<void> {
    const product = await this.exchange.describeProduct(productId);
    const rows = await this.prisma.dataSet.findMany({
      where: {
        name: {
          in: this.mapping.dataSets
            .filter((d) => d.products.includes(productId))
            .map((d) => d.name),
        },
      },
    });
    const missing = rows
      .map((row) => row.exchangeDataSetArn)
      .filter((arn): arn is string => arn !== null && !product.dataSetArns.includes(arn))
      .sort();
    if (missing.length === 0) return;
    // The token is a function of the request, so a restarted sync repeats the same change set.
    const token = createHash('sha256')
      .update(`${productId}\n${missing.join('\n')}`)
      .digest('hex')
      .slice(0, 36);
    const poll = {
      initialMs: this.config.get('PUBLISHER_POLL_INITIAL'),
      maxMs: this.config.get('PUBLISHER_POLL_MAX'),
      timeoutMs: this.config.get('PUBLISHER_CHANGE_SET_TIMEOUT'),
    };
    const started = await this.exchange.startChangeSet(
      {
        product,
        changeType: 'AddDataSets',
        details: { DataSets: missing.map((Arn) => ({ Arn })) },
        name: `tickline add ${missing.length} data sets`,
        clientRequestToken: token,
      },
      poll,
    );
    const finished = await this.exchange.awaitChangeSet(started.id, poll);
    if (finished.Status !== 'SUCCEEDED') {
      const errors = (finished.ChangeSet ?? []).flatMap((c) => c.ErrorDetailList ?? []);
      throw new Error(
        `AddDataSets to ${productId} ended ${finished.Status}: ${finished.FailureDescription ?? ''} ${JSON.stringify(errors)}`,
      );
    }
    this.logger.log(`Added ${missing.length} data sets to ${productId}.`);
  }
}
