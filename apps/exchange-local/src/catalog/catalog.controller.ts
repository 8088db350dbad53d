import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';

import { AwsApi } from '../auth/aws-api.decorator';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validate } from '../protocol/validation.pipe';

import { CatalogEntitiesService } from './catalog-entities.service';
import {
  type ChangeSetQuery,
  changeSetQuery,
  type DescribeEntityQuery,
  describeEntityQuery,
  type ListChangeSetsBody,
  listChangeSetsBody,
  type ListEntitiesBody,
  listEntitiesBody,
  type StartChangeSetBody,
  startChangeSetBody,
} from './catalog.schemas';
import { ChangeSetsService } from './change-sets.service';

/** The Marketplace Catalog subset: every operation answers 200 on success. */
@AwsApi()
@Controller()
export class CatalogController {
  constructor(
    private readonly entities: CatalogEntitiesService,
    private readonly changeSets: ChangeSetsService,
  ) {}

  @Get('DescribeEntity')
  describeEntity(
    @CurrentCaller() caller: Caller,
    @Query(validate(describeEntityQuery)) query: DescribeEntityQuery,
  ) {
    return this.entities.describeEntity(caller, query);
  }

  @Post('ListEntities')
  @HttpCode(200)
  listEntities(
    @CurrentCaller() caller: Caller,
    @Body(validate(listEntitiesBody)) body: ListEntitiesBody,
  ) {
    return this.entities.listEntities(caller, body);
  }

  @Post('StartChangeSet')
  @HttpCode(200)
  startChangeSet(
    @CurrentCaller() caller: Caller,
    @Body(validate(startChangeSetBody)) body: StartChangeSetBody,
  ) {
    return this.changeSets.start(caller, body);
  }

  @Get('DescribeChangeSet')
  describeChangeSet(
    @CurrentCaller() caller: Caller,
    @Query(validate(changeSetQuery)) query: ChangeSetQuery,
  ) {
    return this.changeSets.describe(caller, query);
  }

  @Post('ListChangeSets')
  @HttpCode(200)
  listChangeSets(
    @CurrentCaller() caller: Caller,
    @Body(validate(listChangeSetsBody)) body: ListChangeSetsBody,
  ) {
    return this.changeSets.list(caller, body);
  }

  @Patch('CancelChangeSet')
  @HttpCode(200)
  cancelChangeSet(
    @CurrentCaller() caller: Caller,
    @Query(validate(changeSetQuery)) query: ChangeSetQuery,
  ) {
    return this.changeSets.cancel(caller, query);
  }
}
