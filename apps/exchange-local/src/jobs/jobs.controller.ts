import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';

import { AwsApi } from '../auth/aws-api.decorator';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validate } from '../protocol/validation.pipe';

import {
  type CreateJobBody,
  createJobBody,
  type ListJobsQuery,
  listJobsQuery,
} from './jobs.schemas';
import { JobsService } from './jobs.service';

@AwsApi()
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @HttpCode(201)
  createJob(@CurrentCaller() caller: Caller, @Body(validate(createJobBody)) body: CreateJobBody) {
    return this.jobs.create(caller, body);
  }

  @Get()
  listJobs(@CurrentCaller() caller: Caller, @Query(validate(listJobsQuery)) query: ListJobsQuery) {
    return this.jobs.list(caller, query);
  }

  @Get(':JobId')
  getJob(@CurrentCaller() caller: Caller, @Param('JobId') jobId: string) {
    return this.jobs.get(caller, jobId);
  }

  /** StartJob answers 202 with an empty body. */
  @Patch(':JobId')
  @HttpCode(202)
  async startJob(@CurrentCaller() caller: Caller, @Param('JobId') jobId: string): Promise<void> {
    await this.jobs.start(caller, jobId);
  }

  @Delete(':JobId')
  @HttpCode(204)
  async cancelJob(@CurrentCaller() caller: Caller, @Param('JobId') jobId: string): Promise<void> {
    await this.jobs.cancel(caller, jobId);
  }
}
