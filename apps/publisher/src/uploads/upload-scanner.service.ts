import { ListObjectsV2Command, type _Object } from '@aws-sdk/client-s3';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { isUniqueConstraintViolation, PrismaService } from '@tickline/db';
import { ConfigService, S3Service } from '@tickline/service-kit';

import { AlertService } from '../alerts/alert.service';
import { PublisherMetrics } from '../alerts/publisher.metrics';
import type { AppConfig } from '../app-config.schema';
import { MAPPING, type Mapping } from '../mapping/mapping.schema';
import { RunWorkerService } from '../runs/run-worker.service';
import { uploadTarget } from './upload-key.util';

/**
 * Publish on upload, by polling: lists the incoming prefix every PUBLISHER_UPLOAD_SCAN_INTERVAL
 * and turns each object not seen before into a publish run of its data set. "Seen" is a row
 * unique on (bucket, key, etag), created in the same transaction as the run, so an object is
 * published once however many scans or instances see it (and again only if it is replaced).
 */
@Injectable()
export class UploadScannerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UploadScannerService.name);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly s3: S3Service,
    private readonly worker: RunWorkerService,
    private readonly alerts: AlertService,
    private readonly metrics: PublisherMetrics,
    private readonly config: ConfigService<AppConfig>,
    @Inject(MAPPING) private readonly mapping: Mapping,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.get('PUBLISHER_UPLOADS_ENABLED') || !this.mapping.incoming) {
      this.logger.log(
        'Publish on upload is off (PUBLISHER_UPLOADS_ENABLED=false or no "incoming" in the mapping).',
      );
      return;
    }
    void this.worker.ready.then(() => this.loop());
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.scan();
    } catch (error) {
      this.logger.error(`Scanning the incoming prefix failed: ${(error as Error).message}`);
    }
    if (!this.stopped)
      this.timer = setTimeout(
        () => void this.loop(),
        this.config.get('PUBLISHER_UPLOAD_SCAN_INTERVAL'),
      );
  }

  /** One pass over the incoming prefix; returns how many new objects it took on. */
  async scan(): Promise<number> {
    const incoming = this.mapping.incoming;
    if (!incoming) return 0;
    let taken = 0;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.client.send(
        new ListObjectsV2Command({
          Bucket: incoming.bucket,
          Prefix: incoming.prefix,
          ContinuationToken,
        }),
      );
      const objects = (page.Contents ?? []).filter(
        (o): o is _Object & { Key: string; ETag: string } => !!o.Key && !!o.ETag,
      );
      const seen = await this.prisma.publishUpload.findMany({
        where: { bucket: incoming.bucket, key: { in: objects.map((o) => o.Key) } },
        select: { key: true, etag: true },
      });
      const seenIds = new Set(seen.map((s) => `${s.key}\n${s.etag}`));
      for (const object of objects) {
        const etag = object.ETag.replaceAll('"', '');
        if (seenIds.has(`${object.Key}\n${etag}`)) continue;
        if (await this.take(incoming.bucket, object.Key, etag, object.Size ?? 0)) taken += 1;
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    if (taken > 0) this.worker.wake();
    return taken;
  }

  private async take(bucket: string, key: string, etag: string, size: number): Promise<boolean> {
    const target = uploadTarget(
      key,
      size,
      this.mapping.incoming?.prefix ?? '',
      this.mapping.dataSets.map((d) => d.name),
    );
    if (target.kind === 'ignore') return false;
    const upload = { bucket, key, etag, size: BigInt(size), dataSetName: target.dataSet };
    try {
      if (target.kind === 'quarantine') {
        await this.prisma.publishUpload.create({
          data: { ...upload, status: 'QUARANTINED', reason: target.reason },
        });
        this.metrics.uploads.inc({ outcome: 'quarantined' });
        await this.alerts.raise({
          kind: 'quarantined_input',
          severity: 'warning',
          message: `Upload s3://${bucket}/${key} was not published: ${target.reason}.`,
          detail: { reason: target.reason, lakeKey: key, bucket, etag },
        });
        return true;
      }
      const dataSet = await this.prisma.dataSet.findUniqueOrThrow({
        where: { name: target.dataSet },
      });
      await this.prisma.$transaction(async (tx) => {
        const run = await tx.publishRun.create({
          data: { dataSetId: dataSet.id, day: null, generation: 0 },
        });
        await tx.publishUpload.create({
          data: { ...upload, status: 'PUBLISHING', publishRunId: run.id },
        });
      });
      this.metrics.uploads.inc({ outcome: 'publishing' });
      this.metrics.runsCreated.inc({ trigger: 'upload' });
      this.logger.log(
        `Upload s3://${bucket}/${key} (${etag}) becomes a revision of ${target.dataSet}.`,
      );
      return true;
    } catch (error) {
      // Another instance took it between our listing and our insert: it is published once.
      if (isUniqueConstraintViolation(error)) {
        this.metrics.uploads.inc({ outcome: 'duplicate' });
        return false;
      }
      throw error;
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
