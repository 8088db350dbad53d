import { Module } from '@nestjs/common';

import { BootstrapSync } from './bootstrap-sync.service';

@Module({
  exports: [BootstrapSync],
  providers: [BootstrapSync],
})
export class BootstrapModule {}
