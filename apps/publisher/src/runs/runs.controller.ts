import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';

import { CreateRunsDto, ListRunsQueryDto, type RunDetail, type RunSummary } from './runs.schemas';
import { RunsService } from './runs.service';

/** Trigger, list and inspect publish runs (documented in /openapi.json). */
@Controller('runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  /** Runs execute in the background; 202 with one entry per data set and day. */
  @Post()
  @HttpCode(202)
  async create(@Body() body: CreateRunsDto): Promise<{ runs: RunSummary[] }> {
    return { runs: await this.runs.create(body, 'rest') };
  }

  @Get()
  async list(@Query() query: ListRunsQueryDto): Promise<{ runs: RunSummary[] }> {
    return { runs: await this.runs.list(query) };
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RunDetail> {
    return this.runs.get(id);
  }
}
