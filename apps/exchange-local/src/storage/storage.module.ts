import { Global, Module } from '@nestjs/common';

import { ObjectStore } from './object-store.service';

@Global()
@Module({
  exports: [ObjectStore],
  providers: [ObjectStore],
})
export class StorageModule {}
