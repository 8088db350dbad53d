import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';

import { AwsApi } from '../auth/aws-api.decorator';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validate } from '../protocol/validation.pipe';

import {
  type TagResourceBody,
  tagResourceBody,
  type UntagResourceQuery,
  untagResourceQuery,
} from './tags.schemas';
import { TagsService } from './tags.service';

/**
 * `/tags/{ResourceArn}`: the ARN arrives percent-encoded as one path segment (`%3A`, `%2F`);
 * express routes on the raw segment and decodes the label afterwards.
 */
@AwsApi()
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get(':ResourceArn')
  listTagsForResource(@CurrentCaller() caller: Caller, @Param('ResourceArn') resourceArn: string) {
    return this.tags.listTagsForResource(caller, resourceArn);
  }

  @Post(':ResourceArn')
  @HttpCode(204)
  async tagResource(
    @CurrentCaller() caller: Caller,
    @Param('ResourceArn') resourceArn: string,
    @Body(validate(tagResourceBody)) body: TagResourceBody,
  ): Promise<void> {
    await this.tags.tagResource(caller, resourceArn, body.tags);
  }

  @Delete(':ResourceArn')
  @HttpCode(204)
  async untagResource(
    @CurrentCaller() caller: Caller,
    @Param('ResourceArn') resourceArn: string,
    @Query(validate(untagResourceQuery)) query: UntagResourceQuery,
  ): Promise<void> {
    await this.tags.untagResource(caller, resourceArn, query.tagKeys);
  }
}
