import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Prisma } from '@tickline/db';

import { PublisherMetrics } from '../alerts/publisher.metrics';
import { MAPPING, type Mapping } from '../mapping/mapping.schema';
import { daysBetween } from '../schedule/daily-schedule.util';
import { RunWorkerService } from './run-worker.service';
import { dayDate, RUN_INCLUDE, RunStore, runSummary } from './run.store';
import type { CreateRunsRequest, RunDetail, RunSummary } from './runs.schemas';

/** Creating, listing and describing runs (REST and the scheduler). */
@Injectable()
export class RunsService {
  constructor(
    private readonly store: RunStore,
    private readonly worker: RunWorkerService,
    private readonly metrics: PublisherMetrics,
    @Inject(MAPPING) private readonly mapping: Mapping,
  ) {}

  async create(request: CreateRunsRequest, trigger: 'rest' | 'schedule'): Promise<RunSummary[]> {
    const known = this.mapping.dataSets.map((d) => d.name);
    const names = request.dataSets ?? known;
    const unknown = names.filter((name) => !known.includes(name));
    if (unknown.length > 0)
      throw new NotFoundException(`Unknown data sets: ${unknown.join(', ')} (see GET /mapping)`);
    const synced = await Promise.race([
      this.worker.ready.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5_000)),
    ]);
    if (!synced)
      throw new ServiceUnavailableException(
        'The mapping is not synced with the exchange yet; try again shortly',
      );
    const rows = await this.store.prisma.dataSet.findMany({ where: { name: { in: names } } });
    const runs: RunSummary[] = [];
    for (const day of daysBetween(request.from, request.to ?? request.from)) {
      for (const row of rows) {
        const force = request.force ? { reason: request.reason ?? '' } : undefined;
        const run = await this.store.ensureDayRun(row.id, day, force);
        if (run.outcome !== 'existing') this.metrics.runsCreated.inc({ trigger });
        runs.push(run);
      }
    }
    this.worker.wake();
    return runs;
  }

  async list(query: {
    day?: string;
    status?: RunSummary['status'];
    dataSet?: string;
  }): Promise<RunSummary[]> {
    const runs = await this.store.prisma.publishRun.findMany({
      where: {
        ...(query.day ? { day: dayDate(query.day) } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.dataSet ? { dataSet: { name: query.dataSet } } : {}),
      },
      include: { dataSet: true },
      orderBy: [{ createdAt: 'desc' }],
      take: 1000,
    });
    return runs.map((run) => runSummary(run));
  }

  async get(id: string): Promise<RunDetail> {
    const run = await this.store.prisma.publishRun.findUnique({
      where: { id },
      include: { ...RUN_INCLUDE, steps: { orderBy: [{ startedAt: 'asc' }] } },
    });
    if (!run) throw new NotFoundException(`No run ${id}`);
    const building = run.steps.find((s) => s.step === 'BUILD_FILES' && s.status === 'STARTED');
    const progress = progressOf(building?.detail ?? null);
    return {
      ...runSummary(run),
      attempts: run.attempts,
      error: run.error,
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      leaseOwner: run.leaseOwner,
      leaseExpiresAt: run.leaseExpiresAt?.toISOString() ?? null,
      rowCount: run.rowCount === null ? null : Number(run.rowCount),
      manifestKey: run.manifestKey,
      manifestSha256: run.manifestSha256,
      revisionId: run.revision?.exchangeRevisionId ?? null,
      revisionArn: run.revision?.arn ?? null,
      upload: run.upload
        ? { bucket: run.upload.bucket, key: run.upload.key, etag: run.upload.etag }
        : null,
      changeSets: (run.revision?.changeSets ?? []).map((c) => ({
        productId: c.product.exchangeProductId,
        changeSetId: c.exchangeChangeSetId,
        status: c.status,
        failure: c.failureDescription,
      })),
      progress,
      steps: run.steps.map((s) => ({
        step: s.step,
        attempt: s.attempt,
        status: s.status,
        startedAt: s.startedAt.toISOString(),
        finishedAt: s.finishedAt?.toISOString() ?? null,
        durationMs: s.finishedAt ? s.finishedAt.getTime() - s.startedAt.getTime() : null,
        detail: s.detail,
        error: s.error,
      })),
    };
  }
}

function progressOf(detail: Prisma.JsonValue): RunDetail['progress'] {
  const progress = (detail as { progress?: { objectsTotal?: number; objectsRead?: number } } | null)
    ?.progress;
  if (
    !progress ||
    typeof progress.objectsTotal !== 'number' ||
    typeof progress.objectsRead !== 'number'
  )
    return null;
  const percent =
    progress.objectsTotal === 0
      ? 100
      : Math.round((1000 * progress.objectsRead) / progress.objectsTotal) / 10;
  return { objectsTotal: progress.objectsTotal, objectsRead: progress.objectsRead, percent };
}
