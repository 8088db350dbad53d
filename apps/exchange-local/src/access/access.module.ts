import { Module } from '@nestjs/common';

import { ResourceAccess } from './resource-access.service';

@Module({
  exports: [ResourceAccess],
  providers: [ResourceAccess],
})
export class AccessModule {}
