import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';

import { AwsApi } from '../auth/aws-api.decorator';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validate } from '../protocol/validation.pipe';

import {
  type ListAssetsQuery,
  listAssetsQuery,
  type UpdateAssetBody,
  updateAssetBody,
} from './assets.schemas';
import { AssetsService } from './assets.service';

@AwsApi()
@Controller('v1/data-sets/:DataSetId/revisions/:RevisionId/assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Get()
  listRevisionAssets(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Param('RevisionId') revisionId: string,
    @Query(validate(listAssetsQuery)) query: ListAssetsQuery,
  ) {
    return this.assets.list(caller, dataSetId, revisionId, query);
  }

  @Get(':AssetId')
  getAsset(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Param('RevisionId') revisionId: string,
    @Param('AssetId') assetId: string,
  ) {
    return this.assets.get(caller, { dataSetId, revisionId, assetId });
  }

  @Patch(':AssetId')
  updateAsset(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Param('RevisionId') revisionId: string,
    @Param('AssetId') assetId: string,
    @Body(validate(updateAssetBody)) body: UpdateAssetBody,
  ) {
    return this.assets.update(caller, { dataSetId, revisionId, assetId }, body);
  }

  @Delete(':AssetId')
  @HttpCode(204)
  async deleteAsset(
    @CurrentCaller() caller: Caller,
    @Param('DataSetId') dataSetId: string,
    @Param('RevisionId') revisionId: string,
    @Param('AssetId') assetId: string,
  ): Promise<void> {
    await this.assets.delete(caller, { dataSetId, revisionId, assetId });
  }
}
