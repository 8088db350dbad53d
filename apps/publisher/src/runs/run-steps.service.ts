import { createHash, randomUUID } from 'node:crypto';

import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@tickline/db';
import {
  lakeMergeInputs,
  mergeLakeDayToS3,
  productCsvKey,
  productManifestKey,
} from '@tickline/publishing';
import { ConfigService, S3Service } from '@tickline/service-kit';

import { AlertService } from '../alerts/alert.service';
import { PublisherMetrics } from '../alerts/publisher.metrics';
import type { AppConfig } from '../app-config.schema';
import { ExchangeGateway } from '../exchange/exchange.gateway';
import { MAPPING, type Mapping } from '../mapping/mapping.schema';
import { pollUntil, type PollOptions } from './backoff.util';
import type { PublishStepName } from './publish-step.util';
import type { LoadedRun } from './run.store';
import { utcDay } from './run.store';

/** What a step did: its log detail, the run's own fields, and records written with the step. */
export interface StepOutcome {
  readonly detail: Prisma.InputJsonValue;
  readonly run?: Prisma.PublishRunUpdateManyMutationInput;
  readonly also?: (tx: Prisma.TransactionClient) => Promise<unknown>;
}

export interface StepContext {
  readonly run: LoadedRun;
  /** Progress of a long step, stored in the step's detail while it runs. */
  readonly progress: (detail: Prisma.InputJsonValue) => void;
}

/** A failure that retrying the same step will not fix without a change (e.g. a job in ERROR). */
export class StepFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailedError';
  }
}

const IMPORT_DONE = new Set(['COMPLETED', 'ERROR', 'CANCELLED', 'TIMED_OUT']);

/**
 * One method per publish step. Each is idempotent on resume: it first looks for what a
 * previous, interrupted execution may already have done (in PostgreSQL, then in the exchange)
 * and only then acts.
 */
@Injectable()
export class RunStepsService {
  constructor(
    private readonly exchange: ExchangeGateway,
    private readonly prisma: PrismaService,
    private readonly s3: S3Service,
    private readonly config: ConfigService<AppConfig>,
    private readonly alerts: AlertService,
    private readonly metrics: PublisherMetrics,
    @Inject(MAPPING) private readonly mapping: Mapping,
  ) {}

  execute(step: PublishStepName, context: StepContext): Promise<StepOutcome> {
    switch (step) {
      case 'BUILD_FILES':
        return this.buildFiles(context);
      case 'CREATE_REVISION':
        return this.createRevision(context.run);
      case 'CREATE_IMPORT_JOB':
        return this.createImportJob(context.run);
      case 'START_IMPORT_JOB':
        return this.startImportJob(context.run);
      case 'AWAIT_IMPORT_JOB':
        return this.awaitImportJob(context.run);
      case 'FINALIZE_REVISION':
        return this.finalizeRevision(context.run);
      case 'START_CHANGE_SETS':
        return this.startChangeSets(context.run);
      case 'AWAIT_CHANGE_SETS':
        return this.awaitChangeSets(context.run);
      case 'DONE':
        throw new Error('DONE is not executed');
    }
  }

  /** The objects a run imports: the day's CSV and manifest, or the uploaded object. */
  assetSources(run: LoadedRun): { bucket: string; key: string }[] {
    if (run.upload) return [{ bucket: run.upload.bucket, key: run.upload.key }];
    const parts = this.dayParts(run);
    return [
      { bucket: run.dataSet.bucket, key: productCsvKey(parts) },
      { bucket: run.dataSet.bucket, key: productManifestKey(parts) },
    ];
  }

  private dayParts(run: LoadedRun) {
    const mapped = this.mapping.dataSets.find((d) => d.name === run.dataSet.name);
    const day = utcDay(run.day);
    if (!mapped)
      throw new StepFailedError(`Data set ${run.dataSet.name} is not in the mapping any more`);
    if (!day) throw new StepFailedError(`Run ${run.id} has neither a day nor an upload`);
    return {
      dataSet: mapped.name,
      venue: mapped.venue,
      type: mapped.type,
      day,
      markets: mapped.markets,
    };
  }

  private async buildFiles({ run, progress }: StepContext): Promise<StepOutcome> {
    if (run.upload) {
      return {
        detail: {
          source: { bucket: run.upload.bucket, key: run.upload.key, etag: run.upload.etag },
        },
      };
    }
    const { markets, ...parts } = this.dayParts(run);
    const client = this.s3.client;
    const lakeBucket = this.mapping.lakeBucket;
    const listed = await lakeMergeInputs(client, lakeBucket, {
      venue: parts.venue,
      type: parts.type,
      day: parts.day,
    });
    const objectsTotal = listed.objects.length;
    let objectsRead = 0;
    // Counts the lake objects the merge fetches, for GET /runs/:id while the merge is long. A
    // proxy, not a stand-in object: the multipart upload reads the client's config too.
    const counting = new Proxy(client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
        return (command: unknown, ...rest: unknown[]) => {
          if (command instanceof GetObjectCommand && command.input.Bucket === lakeBucket)
            objectsRead += 1;
          return (target.send as (...args: unknown[]) => unknown)(command, ...rest);
        };
      },
    });
    const timer = setInterval(() => progress({ progress: { objectsTotal, objectsRead } }), 2_000);
    let manifest;
    try {
      manifest = await mergeLakeDayToS3({
        client: counting,
        lakeBucket,
        productBucket: run.dataSet.bucket,
        ...parts,
        ...(markets ? { markets } : {}),
      });
    } finally {
      clearInterval(timer);
    }
    const manifestKey = productManifestKey(parts);
    const manifestSha256 = createHash('sha256')
      .update(`${JSON.stringify(manifest, null, 2)}\n`)
      .digest('hex');
    this.metrics.rows.inc(manifest.file.rows);
    if (manifest.quarantine.length > 0) {
      for (const entry of manifest.quarantine) this.metrics.quarantined.inc({ kind: entry.kind });
      const kinds = [...new Set(manifest.quarantine.map((q) => q.kind))].join(', ');
      await this.alerts.raise({
        kind: 'quarantined_input',
        severity: 'warning',
        venue: parts.venue,
        dataType: parts.type,
        message: `Publishing ${parts.dataSet} for ${parts.day} quarantined ${manifest.quarantine.length} lake inputs (${kinds}); see the manifest ${manifestKey}.`,
        detail: {
          count: manifest.quarantine.length,
          reason: kinds,
          lakeKey: manifest.quarantine[0]?.key,
          dataSet: parts.dataSet,
          day: parts.day,
          runId: run.id,
          manifestKey,
        },
      });
    }
    return {
      detail: {
        csvKey: manifest.file.key,
        manifestKey,
        rows: manifest.file.rows,
        bytes: manifest.file.bytes,
        sha256: manifest.file.sha256,
        inputObjects: manifest.inputs.objects,
        quarantined: manifest.quarantine.length,
        progress: { objectsTotal, objectsRead },
      },
      run: { rowCount: BigInt(manifest.file.rows), manifestKey, manifestSha256 },
    };
  }

  private revisionComment(run: LoadedRun): string {
    const marker = revisionMarker(run.id);
    if (run.upload) return `${run.dataSet.name}: upload ${run.upload.key} ${marker}`;
    const forced = run.forced ? `, forced re-publish: ${run.forceReason ?? ''}` : '';
    return `${run.dataSet.name}: UTC day ${utcDay(run.day)} (generation ${run.generation}${forced}) ${marker}`.slice(
      0,
      16_000,
    );
  }

  private async createRevision(run: LoadedRun): Promise<StepOutcome> {
    const dataSetId = exchangeDataSetId(run);
    const comment = this.revisionComment(run);
    // A revision created before a crash that came before recording it carries the run's marker.
    const found = await this.exchange.findRevision(dataSetId, revisionMarker(run.id));
    const adopted = found !== undefined;
    const revision = found ?? (await this.exchange.createRevision(dataSetId, comment));
    const revisionId = revision.Id as string;
    return {
      detail: { revisionId, revisionArn: revision.Arn ?? null, adopted },
      also: (tx) =>
        tx.revision.upsert({
          where: { exchangeRevisionId: revisionId },
          create: {
            exchangeRevisionId: revisionId,
            arn: revision.Arn ?? null,
            comment: revision.Comment ?? comment,
            dataSetId: run.dataSetId,
            day: run.day,
            publishRunId: run.id,
          },
          update: { publishRunId: run.id },
        }),
    };
  }

  private async createImportJob(run: LoadedRun): Promise<StepOutcome> {
    const revision = requireRevision(run);
    const dataSetId = exchangeDataSetId(run);
    const live = (state: string | undefined) =>
      state !== 'ERROR' && state !== 'CANCELLED' && state !== 'TIMED_OUT';
    const recorded = revision.jobs.find((j) => j.type === 'IMPORT_ASSETS_FROM_S3' && live(j.state));
    if (recorded) return { detail: { jobId: recorded.exchangeJobId, adopted: 'recorded' } };
    const existing = (await this.exchange.listJobs(dataSetId, revision.exchangeRevisionId)).find(
      (j) => j.Type === 'IMPORT_ASSETS_FROM_S3' && live(j.State),
    );
    const sources = this.assetSources(run);
    const job = existing?.Id
      ? { id: existing.Id, arn: existing.Arn ?? null }
      : await this.exchange.createImportJob(dataSetId, revision.exchangeRevisionId, sources);
    return {
      detail: { jobId: job.id, adopted: existing ? 'exchange' : false, sources },
      also: (tx) =>
        tx.exchangeJob.upsert({
          where: { exchangeJobId: job.id },
          create: {
            exchangeJobId: job.id,
            arn: job.arn,
            type: 'IMPORT_ASSETS_FROM_S3',
            exchangeDataSetId: dataSetId,
            exchangeRevisionId: revision.exchangeRevisionId,
            revisionId: revision.id,
            state: (existing?.State as 'WAITING' | undefined) ?? 'WAITING',
          },
          update: {},
        }),
    };
  }

  private async startImportJob(run: LoadedRun): Promise<StepOutcome> {
    const job = requireImportJob(run);
    let current = await this.exchange.getJob(job.exchangeJobId);
    if (current.State === 'WAITING') {
      await this.exchange.startJob(job.exchangeJobId);
      current = await this.exchange.getJob(job.exchangeJobId);
    }
    const state = current.State ?? 'IN_PROGRESS';
    return {
      detail: { jobId: job.exchangeJobId, state },
      also: (tx) =>
        tx.exchangeJob.update({
          where: { id: job.id },
          data: { state: state as 'IN_PROGRESS', startedAt: current.CreatedAt ?? new Date() },
        }),
    };
  }

  private async awaitImportJob(run: LoadedRun): Promise<StepOutcome> {
    const job = requireImportJob(run);
    const done = await pollUntil(
      `import job ${job.exchangeJobId}`,
      async () => {
        const current = await this.exchange.getJob(job.exchangeJobId);
        return {
          done: IMPORT_DONE.has(current.State ?? ''),
          value: current,
          state: current.State ?? 'UNKNOWN',
        };
      },
      this.poll('PUBLISHER_IMPORT_TIMEOUT'),
    );
    const errors = (done.Errors ?? []) as unknown as Prisma.InputJsonValue;
    if (done.State !== 'COMPLETED') {
      // Recorded outside the step's transaction: the job's end is a fact though the step fails.
      await this.prisma.exchangeJob.update({
        where: { id: job.id },
        data: { state: (done.State ?? 'ERROR') as 'ERROR', finishedAt: new Date(), errors },
      });
      throw new StepFailedError(
        `Import job ${job.exchangeJobId} ended ${done.State}: ${JSON.stringify(done.Errors ?? [])}`,
      );
    }
    const revision = requireRevision(run);
    const assets = await this.exchange.listAssets(
      exchangeDataSetId(run),
      revision.exchangeRevisionId,
    );
    const expected = this.assetSources(run).length;
    if (assets.length !== expected) {
      throw new StepFailedError(
        `Revision ${revision.exchangeRevisionId} has ${assets.length} assets, expected ${expected}`,
      );
    }
    return {
      detail: {
        jobId: job.exchangeJobId,
        state: 'COMPLETED',
        assets: assets.map((a) => ({
          id: a.Id ?? null,
          name: a.Name ?? null,
          size: a.AssetDetails?.S3SnapshotAsset?.Size ?? null,
        })),
      },
      also: (tx) =>
        tx.exchangeJob.update({
          where: { id: job.id },
          data: { state: 'COMPLETED', finishedAt: new Date(), errors },
        }),
    };
  }

  private async finalizeRevision(run: LoadedRun): Promise<StepOutcome> {
    const revision = requireRevision(run);
    const dataSetId = exchangeDataSetId(run);
    const current = await this.exchange.getRevision(dataSetId, revision.exchangeRevisionId);
    const already = current.Finalized === true;
    if (!already) await this.exchange.finalizeRevision(dataSetId, revision.exchangeRevisionId);
    return {
      detail: { revisionId: revision.exchangeRevisionId, alreadyFinalized: already },
      also: (tx) =>
        tx.revision.update({
          where: { id: revision.id },
          data: { finalized: true, finalizedAt: new Date() },
        }),
    };
  }

  private async startChangeSets(run: LoadedRun): Promise<StepOutcome> {
    const revision = requireRevision(run);
    const started: { productId: string; changeSetId: string }[] = [];
    for (const { product } of run.dataSet.products) {
      const existing = revision.changeSets.find((c) => c.productId === product.id);
      if (existing?.exchangeChangeSetId) {
        started.push({
          productId: product.exchangeProductId,
          changeSetId: existing.exchangeChangeSetId,
        });
        continue;
      }
      // The token is stored before StartChangeSet: after a crash the same token returns the
      // change set already started instead of starting a second one.
      const token =
        existing?.clientRequestToken ??
        (
          await this.prisma.changeSet.upsert({
            where: { productRevision: { productId: product.id, revisionId: revision.id } },
            create: {
              productId: product.id,
              revisionId: revision.id,
              clientRequestToken: randomUUID(),
            },
            update: {},
          })
        ).clientRequestToken;
      const entity = await this.exchange.describeProduct(product.exchangeProductId);
      const changeSet = await this.exchange.startChangeSet(
        {
          product: entity,
          changeType: 'AddRevisions',
          details: { DataSetArn: run.dataSet.exchangeDataSetArn, RevisionArns: [revision.arn] },
          name: `tickline ${run.dataSet.name} ${utcDay(run.day) ?? 'upload'}`,
          clientRequestToken: token,
        },
        this.poll('PUBLISHER_CHANGE_SET_TIMEOUT'),
      );
      await this.prisma.changeSet.update({
        where: { productRevision: { productId: product.id, revisionId: revision.id } },
        data: {
          exchangeChangeSetId: changeSet.id,
          changeSetArn: changeSet.arn,
          status: 'PREPARING',
        },
      });
      started.push({ productId: product.exchangeProductId, changeSetId: changeSet.id });
    }
    return { detail: { changeSets: started } };
  }

  private async awaitChangeSets(run: LoadedRun): Promise<StepOutcome> {
    const revision = requireRevision(run);
    const results: { productId: string; changeSetId: string; status: string }[] = [];
    const updates: { id: string; status: 'SUCCEEDED' }[] = [];
    for (const changeSet of revision.changeSets) {
      const id = changeSet.exchangeChangeSetId;
      if (!id)
        throw new StepFailedError(
          `Change set for ${changeSet.product.exchangeProductId} was never started`,
        );
      const done = await this.exchange.awaitChangeSet(
        id,
        this.poll('PUBLISHER_CHANGE_SET_TIMEOUT'),
      );
      if (done.Status !== 'SUCCEEDED') {
        const errors = (done.ChangeSet ?? []).flatMap((c) => c.ErrorDetailList ?? []);
        // A retry starts a new change set: a fresh token, the failed one forgotten.
        await this.prisma.changeSet.update({
          where: { id: changeSet.id },
          data: {
            status: 'FAILED',
            failureDescription:
              `${id}: ${done.FailureDescription ?? ''} ${JSON.stringify(errors)}`.slice(0, 4000),
            clientRequestToken: randomUUID(),
            exchangeChangeSetId: null,
            changeSetArn: null,
          },
        });
        throw new StepFailedError(
          `Change set ${id} (AddRevisions to ${changeSet.product.exchangeProductId}) ended ${done.Status}: ${done.FailureDescription ?? ''} ${JSON.stringify(errors)}`,
        );
      }
      results.push({
        productId: changeSet.product.exchangeProductId,
        changeSetId: id,
        status: 'SUCCEEDED',
      });
      updates.push({ id: changeSet.id, status: 'SUCCEEDED' });
    }
    return {
      detail: { changeSets: results },
      also: async (tx) => {
        for (const update of updates)
          await tx.changeSet.update({ where: { id: update.id }, data: { status: update.status } });
      },
    };
  }

  private poll(timeout: 'PUBLISHER_IMPORT_TIMEOUT' | 'PUBLISHER_CHANGE_SET_TIMEOUT'): PollOptions {
    return {
      initialMs: this.config.get('PUBLISHER_POLL_INITIAL'),
      maxMs: this.config.get('PUBLISHER_POLL_MAX'),
      timeoutMs: this.config.get(timeout),
    };
  }
}

/** Put in every revision comment, so a resumed run finds its revision with ListDataSetRevisions. */
function revisionMarker(runId: string): string {
  return `[tickline run ${runId}]`;
}

function exchangeDataSetId(run: LoadedRun): string {
  if (!run.dataSet.exchangeDataSetId)
    throw new StepFailedError(`Data set ${run.dataSet.name} has no exchange id yet`);
  return run.dataSet.exchangeDataSetId;
}

function requireRevision(run: LoadedRun): NonNullable<LoadedRun['revision']> {
  if (!run.revision) throw new StepFailedError(`Run ${run.id} has no revision recorded`);
  return run.revision;
}

function requireImportJob(run: LoadedRun) {
  const job = requireRevision(run)
    .jobs.filter((j) => j.type === 'IMPORT_ASSETS_FROM_S3')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (!job) throw new StepFailedError(`Run ${run.id} has no import job recorded`);
  return job;
}
