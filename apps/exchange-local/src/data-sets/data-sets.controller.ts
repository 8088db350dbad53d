import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';

import { AwsApi } from '../auth/aws-api.decorator';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validate } from '../protocol/validation.pipe';

import {
  type CreateDataSetBody,
  createDataSetBody,
  type ListDataSetsQuery,
  listDataSetsQuery,
  type UpdateDataSetBody,
  updateDataSetBody,
} from './data-sets.schemas';
import { DataSetsService } from './data-sets.service';

@AwsApi()
@Controller('v1/data-sets')
export class DataSetsController {
  constructor(private readonly dataSets: DataSetsService) {}

  @Post()
  @HttpCode(201)
  createDataSet(
    @CurrentCaller() caller: Caller,
    @Body(validate(createDataSetBody)) body: CreateDataSetBody,
  ) {
    return this.dataSets.create(caller, body);
  }

  @Get()
  listDataSets(
    @CurrentCaller() caller: Caller,
    @Query(validate(listDataSetsQuery)) query: ListDataSetsQuery,
  ) {
    return this.dataSets.list(caller, query);
  }

  @Get(':DataSetId')
  getDataSet(@CurrentCaller() caller: Caller, @Param('DataSetId') dataSetId: string) {
    return this.dataSets.get(caller, dataSetId);
  }

  @Patch(':DataSetId')
  updateDataSet(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Body(validate(updateDataSetBody)) body: UpdateDataSetBody,
  ) {
    return this.dataSets.update(caller, dataSetId, body);
  }

  @Delete(':DataSetId')
  @HttpCode(204)
  async deleteDataSet(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
  ): Promise<void> {
    await this.dataSets.delete(caller, dataSetId);
  }
}
