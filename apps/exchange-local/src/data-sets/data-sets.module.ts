import { Module } from '@nestjs/common';

import { AccessModule } from '../access/access.module';
import { TagsModule } from '../tags/tags.module';

import { DataSetsController } from './data-sets.controller';
import { DataSetsService } from './data-sets.service';

@Module({
  controllers: [DataSetsController],
  imports: [AccessModule, TagsModule],
  providers: [DataSetsService],
})
export class DataSetsModule {}
