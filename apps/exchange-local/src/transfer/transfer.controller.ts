import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Controller, Get, Inject, Logger, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import { signedUrlUploadKey } from '../jobs/handlers/import-asset-from-signed-url.job-handler';
import { PrismaService } from '../persistence/prisma.service';
import { ObjectStore } from '../storage/object-store.service';

import { type TransferDirection, verifyTransferSignature } from './signed-url.util';

/** Largest file a signed URL accepts, as in AWS. */
const MAX_SIGNED_URL_BYTES = 5 * 1024 ** 3;

interface TransferQuery {
  expires?: string;
  signature?: string;
}

/**
 * The endpoints behind the signed URLs of IMPORT_ASSET_FROM_SIGNED_URL (PUT, with Content-MD5)
 * and EXPORT_ASSET_TO_SIGNED_URL (GET). They stand in for S3 presigned URLs, so errors come as
 * S3-style XML. Bodies stream straight to and from the asset bucket.
 */
@Controller('_transfer')
export class TransferController {
  private readonly logger = new Logger(TransferController.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly store: ObjectStore,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  @Put('import/:JobId')
  async upload(
    @Param('JobId') jobId: string,
    @Query() query: TransferQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!this.authorized('import', jobId, query, response)) {
      request.resume();
      return;
    }
    const job = await this.prisma.job.findUnique({ where: { id: jobId } });
    if (!job || job.type !== 'IMPORT_ASSET_FROM_SIGNED_URL' || job.state !== 'WAITING') {
      request.resume();
      return s3Error(response, 403, 'AccessDenied', 'The job does not accept an upload any more.');
    }
    const expectedMd5 = (job.details as { ImportAssetFromSignedUrl: { Md5Hash: string } })
      .ImportAssetFromSignedUrl.Md5Hash;
    if (request.headers['content-md5'] !== expectedMd5) {
      request.resume();
      return s3Error(
        response,
        400,
        'InvalidDigest',
        'Content-MD5 must be the Md5Hash the job was created with.',
      );
    }
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    if (declared > MAX_SIGNED_URL_BYTES) {
      request.resume();
      return s3Error(
        response,
        400,
        'EntityTooLarge',
        'Files uploaded to a signed URL are limited to 5 GB.',
      );
    }
    const md5 = createHash('md5');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        callback(null, chunk);
      },
    });
    const location = { bucket: this.store.assetBucket, key: signedUrlUploadKey(jobId) };
    try {
      await Promise.all([pipeline(request, hashing), this.store.write(location, hashing)]);
    } catch (error) {
      this.logger.warn(`Upload for job ${jobId} failed: ${(error as Error).message}`);
      return s3Error(response, 500, 'InternalError', 'The upload could not be stored.');
    }
    if (md5.digest('base64') !== expectedMd5) {
      await this.store.delete(location.bucket, [location.key]);
      return s3Error(
        response,
        400,
        'BadDigest',
        'The Content-MD5 you specified did not match what we received.',
      );
    }
    response
      .status(200)
      .setHeader('ETag', `"${Buffer.from(expectedMd5, 'base64').toString('hex')}"`)
      .end();
  }

  @Get('export/:JobId')
  async download(
    @Param('JobId') jobId: string,
    @Query() query: TransferQuery,
    @Res() response: Response,
  ): Promise<void> {
    if (!this.authorized('export', jobId, query, response)) return;
    const job = await this.prisma.job.findUnique({ where: { id: jobId } });
    const details = (
      job?.details as
        { ExportAssetToSignedUrl?: { AssetId: string; RevisionId: string } } | undefined
    )?.ExportAssetToSignedUrl;
    const asset =
      job?.state === 'COMPLETED' && details
        ? await this.prisma.asset.findFirst({
            where: { id: details.AssetId, revisionId: details.RevisionId },
          })
        : null;
    if (!asset) return s3Error(response, 404, 'NoSuchKey', 'The asset is not available.');
    const { body, contentLength } = await this.store.read({
      bucket: this.store.assetBucket,
      key: asset.storageKey,
    });
    response.status(200).setHeader('Content-Type', 'application/octet-stream');
    if (contentLength !== undefined) response.setHeader('Content-Length', String(contentLength));
    await pipeline(body, response);
  }

  private authorized(
    direction: TransferDirection,
    jobId: string,
    query: TransferQuery,
    response: Response,
  ): boolean {
    const verdict = verifyTransferSignature(this.config.tokenSecret, {
      direction,
      jobId,
      expires: query.expires ?? '',
      signature: query.signature ?? '',
      now: new Date(),
    });
    if (verdict === 'valid') return true;
    s3Error(
      response,
      403,
      'AccessDenied',
      verdict === 'expired' ? 'Request has expired' : 'The request signature is not valid.',
    );
    return false;
  }
}

function s3Error(response: Response, status: number, code: string, message: string): void {
  response
    .status(status)
    .type('application/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
}
