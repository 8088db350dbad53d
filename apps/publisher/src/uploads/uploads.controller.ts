import { Controller, Get, Query } from '@nestjs/common';
import { PrismaService } from '@tickline/db';

import { ListUploadsQueryDto, type UploadView } from '../runs/runs.schemas';

/** GET /uploads: the objects the incoming-prefix scanner found, newest first. */
@Controller('uploads')
export class UploadsController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  async list(@Query() query: ListUploadsQueryDto): Promise<{ uploads: UploadView[] }> {
    const uploads = await this.prisma.publishUpload.findMany({
      where: query.status ? { status: query.status } : {},
      orderBy: { createdAt: 'desc' },
      take: 1000,
    });
    return {
      uploads: uploads.map((u) => ({
        id: u.id,
        bucket: u.bucket,
        key: u.key,
        etag: u.etag,
        size: Number(u.size),
        dataSet: u.dataSetName,
        status: u.status,
        reason: u.reason,
        runId: u.publishRunId,
        createdAt: u.createdAt.toISOString(),
      })),
    };
  }
}
