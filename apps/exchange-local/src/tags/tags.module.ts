import { Module } from '@nestjs/common';

import { AccessModule } from '../access/access.module';

import { TagsController } from './tags.controller';
import { TagsService } from './tags.service';

@Module({
  controllers: [TagsController],
  exports: [TagsService],
  imports: [AccessModule],
  providers: [TagsService],
})
export class TagsModule {}
