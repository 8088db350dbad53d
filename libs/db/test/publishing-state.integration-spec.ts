import { Test } from '@nestjs/testing';

import { createPrismaClient } from '../src/client/prisma-client.factory';
import { isUniqueConstraintViolation, PrismaErrorCode } from '../src/client/prisma-error.util';
import { Prisma, type PrismaClient } from '../src/generated/prisma/client';
import { databaseReadinessProbe } from '../src/health/database-readiness.probe';
import { applyMigrations } from '../src/migrations/apply-migrations.util';
import { DB_MIGRATIONS_DIR, DB_SCHEMA_PATH } from '../src/migrations/db-paths.constants';
import { DbModule } from '../src/nest/db.module';
import { PrismaService } from '../src/nest/prisma.service';
import { testDatabase, type TestDatabase } from './test-database';

jest.setTimeout(60_000);

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('The write was expected to be rejected, but it succeeded.');
}

describe('publishing and export state in PostgreSQL', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = testDatabase('state');
    await applyMigrations({
      databaseUrl: db.url,
      migrationsDir: DB_MIGRATIONS_DIR,
      schemaPath: DB_SCHEMA_PATH,
    });
    prisma = createPrismaClient({ databaseUrl: db.url });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function dataSet(name: string) {
    return prisma.dataSet.create({
      data: { bucket: 'tickline-products', name, prefix: `products/${name}/` },
    });
  }

  it('stores the mapping data source -> data sets -> products and reads it back', async () => {
    const trades = await dataSet('binance-trades');
    const product = await prisma.product.create({
      data: { exchangeProductId: 'prod-abc123', name: 'Binance trades' },
    });
    await prisma.dataSource.create({
      data: {
        venue: 'binance',
        dataType: 'trade',
        dataSets: { create: [{ dataSetId: trades.id }] },
      },
    });
    await prisma.dataSetProduct.create({ data: { dataSetId: trades.id, productId: product.id } });

    const source = await prisma.dataSource.findUniqueOrThrow({
      where: { venue_dataType: { venue: 'binance', dataType: 'trade' } },
      include: {
        dataSets: {
          include: { dataSet: { include: { products: { include: { product: true } } } } },
        },
      },
    });

    expect(source.dataSets.map((link) => link.dataSet.name)).toEqual(['binance-trades']);
    expect(
      source.dataSets[0]?.dataSet.products.map((link) => link.product.exchangeProductId),
    ).toEqual(['prod-abc123']);
  });

  it('keeps a publish run, its steps and its revision, and reads the UTC day back unchanged', async () => {
    const set = await dataSet('coinbase-trades');
    const run = await prisma.publishRun.create({
      data: {
        dataSetId: set.id,
        day: day('2025-03-09'),
        status: 'RUNNING',
        step: 'CREATE_REVISION',
        rowCount: 12_345_678_901n,
      },
    });
    await prisma.publishRunStep.createMany({
      data: [
        { publishRunId: run.id, step: 'BUILD_FILES', status: 'SUCCEEDED', finishedAt: new Date() },
        {
          publishRunId: run.id,
          step: 'CREATE_REVISION',
          detail: { comment: 'coinbase trades 2025-03-09' },
        },
      ],
    });
    await prisma.revision.create({
      data: {
        dataSetId: set.id,
        day: run.day,
        exchangeRevisionId: 'rev-1',
        publishRunId: run.id,
        comment: 'coinbase trades 2025-03-09',
      },
    });

    const stored = await prisma.publishRun.findUniqueOrThrow({
      where: { dataSetDayGeneration: { dataSetId: set.id, day: day('2025-03-09'), generation: 0 } },
      include: { revision: true, steps: { orderBy: { startedAt: 'asc' } } },
    });

    expect(stored.day?.toISOString()).toBe('2025-03-09T00:00:00.000Z');
    expect(stored.step).toBe('CREATE_REVISION');
    expect(stored.rowCount).toBe(12_345_678_901n);
    expect(stored.steps.map((step) => [step.step, step.status])).toEqual([
      ['BUILD_FILES', 'SUCCEEDED'],
      ['CREATE_REVISION', 'STARTED'],
    ]);
    expect(stored.revision?.exchangeRevisionId).toBe('rev-1');
  });

  it('rejects publishing the same data set and day twice with P2002', async () => {
    const set = await dataSet('kraken-trades');
    await prisma.publishRun.create({ data: { dataSetId: set.id, day: day('2025-03-10') } });

    const error = await rejection(
      prisma.publishRun.create({
        data: { dataSetId: set.id, day: day('2025-03-10'), status: 'RUNNING' },
      }),
    );

    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe(
      PrismaErrorCode.UniqueConstraintViolation,
    );
    expect(isUniqueConstraintViolation(error)).toBe(true);
    expect(await prisma.publishRun.count({ where: { dataSetId: set.id } })).toBe(1);
  });

  it('allows a forced re-publish only as an explicitly forced, new generation', async () => {
    const set = await dataSet('okx-trades');
    await prisma.publishRun.create({ data: { dataSetId: set.id, day: day('2025-03-11') } });

    await prisma.publishRun.create({
      data: {
        dataSetId: set.id,
        day: day('2025-03-11'),
        generation: 1,
        forced: true,
        forceReason: 'late venue data',
      },
    });
    const unforced = await rejection(
      prisma.publishRun.create({
        data: { dataSetId: set.id, day: day('2025-03-11'), generation: 2 },
      }),
    );
    const forcedFirst = await rejection(
      prisma.publishRun.create({
        data: { dataSetId: set.id, day: day('2025-03-12'), forced: true },
      }),
    );
    const sameGeneration = await rejection(
      prisma.publishRun.create({
        data: { dataSetId: set.id, day: day('2025-03-11'), generation: 1, forced: true },
      }),
    );

    expect(String(unforced)).toMatch(/publish_runs_forced_generation_check/);
    expect(String(forcedFirst)).toMatch(/publish_runs_forced_generation_check/);
    expect(isUniqueConstraintViolation(sameGeneration)).toBe(true);
    const generations = await prisma.publishRun.findMany({
      where: { dataSetId: set.id },
      orderBy: { generation: 'asc' },
    });
    expect(generations.map((run) => [run.generation, run.forced])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('rejects exporting the same revision to the same destination twice with P2002', async () => {
    const subscription = await prisma.exportSubscription.create({
      data: {
        name: 'research-bucket',
        exchangeDataSetId: 'ds-entitled-1',
        destinationBucket: 'subscriber-data',
        keyPattern: '${Revision.Id}/${Asset.Name}',
      },
    });
    const run = {
      subscriptionId: subscription.id,
      exchangeDataSetId: 'ds-entitled-1',
      exchangeRevisionId: 'rev-42',
      destinationBucket: subscription.destinationBucket,
      destinationKeyPattern: subscription.keyPattern,
    };
    await prisma.exportRun.create({ data: run });

    const error = await rejection(prisma.exportRun.create({ data: { ...run, status: 'RUNNING' } }));
    await prisma.exportRun.create({ data: { ...run, destinationBucket: 'other-bucket' } });

    expect(isUniqueConstraintViolation(error)).toBe(true);
    expect(await prisma.exportRun.count({ where: { exchangeRevisionId: 'rev-42' } })).toBe(2);
  });

  it('links an export run to its exchange job and finds runs due for a retry', async () => {
    const subscription = await prisma.exportSubscription.create({
      data: {
        name: 'archive',
        exchangeDataSetId: 'ds-entitled-2',
        destinationBucket: 'archive',
        keyPattern: 'latest/${Asset.Name}',
        mode: 'LATEST',
      },
    });
    const job = await prisma.exchangeJob.create({
      data: {
        exchangeJobId: 'job-7',
        type: 'EXPORT_REVISIONS_TO_S3',
        exchangeDataSetId: 'ds-entitled-2',
        exchangeRevisionId: 'rev-7',
      },
    });
    await prisma.exportRun.create({
      data: {
        subscriptionId: subscription.id,
        exchangeDataSetId: 'ds-entitled-2',
        exchangeRevisionId: 'rev-7',
        destinationBucket: 'archive',
        destinationKeyPattern: 'latest/${Asset.Name}',
        jobId: job.id,
        status: 'FAILED',
        attempts: 1,
        error: 'job ERROR: access denied',
        nextAttemptAt: new Date('2025-03-12T00:05:00Z'),
      },
    });

    const due = await prisma.exportRun.findMany({
      where: { status: 'FAILED', nextAttemptAt: { lte: new Date('2025-03-12T00:10:00Z') } },
      include: { job: true, subscription: true },
    });

    expect(
      due.map((run) => [run.exchangeRevisionId, run.job?.exchangeJobId, run.subscription.mode]),
    ).toEqual([['rev-7', 'job-7', 'LATEST']]);
  });

  it('gives Nest services a connected PrismaService and a readiness probe', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DbModule.register({ databaseUrl: db.url })],
    }).compile();
    const app = await moduleRef.init();
    try {
      const service = app.get(PrismaService);

      await expect(service.ping()).resolves.toBeUndefined();
      await expect(databaseReadinessProbe(service).check()).resolves.toBeUndefined();
      expect(await service.dataSet.count()).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('reports a database that does not answer as not ready', async () => {
    const unreachable = createPrismaClient({
      databaseUrl: 'postgresql://nobody:nothing@127.0.0.1:1/none',
      pool: { connectionTimeoutMillis: 2000 },
    });
    try {
      await expect(databaseReadinessProbe(unreachable).check()).rejects.toThrow();
    } finally {
      await unreachable.$disconnect();
    }
  });
});

describe('the client in a PostgreSQL schema of its own (?schema=)', () => {
  let db: TestDatabase;

  beforeAll(() => {
    db = testDatabase('schema');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('migrates, writes and reads in that schema only', async () => {
    const url = db.urlWithSchema('publishing');
    await applyMigrations({
      databaseUrl: url,
      migrationsDir: DB_MIGRATIONS_DIR,
      schemaPath: DB_SCHEMA_PATH,
    });
    const client = createPrismaClient({ databaseUrl: url });
    try {
      await client.product.create({ data: { exchangeProductId: 'prod-in-schema' } });
      const raw = await client.$queryRaw<
        { schema: string }[]
      >`SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'products'`;

      expect(await client.product.findMany({ select: { exchangeProductId: true } })).toEqual([
        { exchangeProductId: 'prod-in-schema' },
      ]);
      expect(raw).toEqual([{ schema: 'publishing' }]);
    } finally {
      await client.$disconnect();
    }
  });
});
