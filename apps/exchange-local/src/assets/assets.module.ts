import { Module } from '@nestjs/common';

import { AccessModule } from '../access/access.module';
import { TagsModule } from '../tags/tags.module';

import { AssetsController } from './assets.controller';
import { AssetsService } from './assets.service';

@Module({
  controllers: [AssetsController],
  imports: [AccessModule, TagsModule],
  providers: [AssetsService],
})
export class AssetsModule {}
