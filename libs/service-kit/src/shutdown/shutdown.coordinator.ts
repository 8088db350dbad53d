import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { DrainService } from './drain.service';

/**
 * Declared in the root module that `createServiceApp` builds around the app module. Nest runs
 * `onModuleDestroy` from the root outwards, so this drain runs before any other module closes
 * its clients (Kafka, Prisma, S3), whether shutdown came from a signal or from `app.close()`.
 */
@Injectable()
export class ShutdownCoordinator implements OnModuleDestroy {
  constructor(private readonly drain: DrainService) {}

  async onModuleDestroy(): Promise<void> {
    await this.drain.drain('closing connections');
  }
}
