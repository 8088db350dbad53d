import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';

import { AwsApi } from '../auth/aws-api.decorator';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validate } from '../protocol/validation.pipe';

import {
  type CreateRevisionBody,
  createRevisionBody,
  type ListRevisionsQuery,
  listRevisionsQuery,
  type RevokeRevisionBody,
  revokeRevisionBody,
  type UpdateRevisionBody,
  updateRevisionBody,
} from './revisions.schemas';
import { RevisionsService } from './revisions.service';

@AwsApi()
@Controller('v1/data-sets/:DataSetId/revisions')
export class RevisionsController {
  constructor(private readonly revisions: RevisionsService) {}

  @Post()
  @HttpCode(201)
  createRevision(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Body(validate(createRevisionBody)) body: CreateRevisionBody,
  ) {
    return this.revisions.create(caller, dataSetId, body);
  }

  @Get()
  listDataSetRevisions(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Query(validate(listRevisionsQuery)) query: ListRevisionsQuery,
  ) {
    return this.revisions.list(caller, dataSetId, query);
  }

  @Get(':RevisionId')
  getRevision(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Param('RevisionId') revisionId: string,
  ) {
    return this.revisions.get(caller, dataSetId, revisionId);
  }

  @Patch(':RevisionId')
  updateRevision(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Param('RevisionId') revisionId: string,
    @Body(validate(updateRevisionBody)) body: UpdateRevisionBody,
  ) {
    return this.revisions.update(caller, dataSetId, revisionId, body);
  }

  @Delete(':RevisionId')
  @HttpCode(204)
  async deleteRevision(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Param('RevisionId') revisionId: string,
  ): Promise<void> {
    await this.revisions.delete(caller, dataSetId, revisionId);
  }

  @Post(':RevisionId/revoke')
  @HttpCode(200)
  revokeRevision(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Param('RevisionId') revisionId: string,
    @Body(validate(revokeRevisionBody)) body: RevokeRevisionBody,
  ) {
    return this.revisions.revoke(caller, dataSetId, revisionId, body);
  }
}
