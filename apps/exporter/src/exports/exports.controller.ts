import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { createZodDto } from 'nestjs-zod';

import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { type ExportRunView, listExportsQuerySchema } from './export-run.schema';
import { exportRunView } from './export-run-view.util';
import { ExportRunsService } from './export-runs.service';

class ListExportsQueryDto extends createZodDto(listExportsQuerySchema) {}

@Controller('exports')
export class ExportsController {
  constructor(
    private readonly runs: ExportRunsService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  /** Newest first; `status` and `subscription` (id or name) filter. */
  @Get()
  async list(@Query() query: ListExportsQueryDto): Promise<{ exports: ExportRunView[] }> {
    const subscriptionId = query.subscription
      ? (await this.subscriptions.get(query.subscription)).id
      : undefined;
    const runs = await this.runs.list({ status: query.status, subscriptionId, limit: query.limit });
    return { exports: runs.map(exportRunView) };
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<ExportRunView> {
    return exportRunView(await this.runs.get(id));
  }

  /** 202: the FAILED run is PENDING again with fresh attempts; 409 for any other status. */
  @Post(':id/rerun')
  @HttpCode(HttpStatus.ACCEPTED)
  async rerun(@Param('id') id: string): Promise<ExportRunView> {
    await this.runs.rerun(id);
    return exportRunView(await this.runs.get(id));
  }
}
