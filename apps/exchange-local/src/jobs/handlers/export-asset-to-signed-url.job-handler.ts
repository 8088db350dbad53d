import { Inject, Injectable } from '@nestjs/common';

import { PublicUrl } from '../../common/public-url.service';
import { EXCHANGE_CONFIG } from '../../config/exchange-config.constants';
import type { ExchangeConfig } from '../../config/exchange-config.loader';
import type { Job } from '../../generated/prisma/client';
import { PrismaService } from '../../persistence/prisma.service';
import { toAdxTimestamp } from '../../protocol/aws-timestamp.util';
import { SIGNED_URL_TTL_MS, signTransferUrl } from '../../transfer/signed-url.util';
import { JobFailure } from '../job-failure.error';
import type { JobExecution, JobHandler } from '../job-handler.interface';
import { exportAssetToSignedUrlSchema } from '../jobs.schemas';

import { requireExportableRevision } from './export-source.util';

/** Completes with a one-hour signed URL from which the asset's bytes can be downloaded. */
@Injectable()
export class ExportAssetToSignedUrlJobHandler implements JobHandler {
  readonly type = 'EXPORT_ASSET_TO_SIGNED_URL' as const;

  constructor(
    private readonly prisma: PrismaService,
    private readonly publicUrl: PublicUrl,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async run(job: Job): Promise<JobExecution> {
    const details = exportAssetToSignedUrlSchema.parse(
      (job.details as Record<string, unknown>)['ExportAssetToSignedUrl'],
    );
    await requireExportableRevision(this.prisma, details.RevisionId);
    const asset = await this.prisma.asset.findFirst({
      where: { id: details.AssetId, revisionId: details.RevisionId },
    });
    if (!asset) {
      throw new JobFailure([
        {
          Code: 'RESOURCE_NOT_FOUND_EXCEPTION',
          Message: `Asset ${details.AssetId} no longer exists.`,
          ResourceId: details.AssetId,
          ResourceType: 'ASSET',
        },
      ]);
    }
    const expiresAt = new Date(Date.now() + SIGNED_URL_TTL_MS);
    const signedUrl = signTransferUrl(this.publicUrl.base, this.config.tokenSecret, {
      direction: 'export',
      jobId: job.id,
      expiresAt,
    });
    return {
      details: {
        ExportAssetToSignedUrl: {
          ...details,
          SignedUrl: signedUrl,
          SignedUrlExpiresAt: toAdxTimestamp(expiresAt),
        },
      },
    };
  }
}
