import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DrainService } from '@tickline/service-kit';

/**
 * Provided by the root module, whose destroy hook Nest runs first: the registered drains (stop
 * claiming jobs and change sets, let running ones finish within SHUTDOWN_DRAIN_TIMEOUT, flush the
 * outbox) run before Prisma, S3 and Kafka clients close.
 */
@Injectable()
export class ExchangeShutdown implements OnModuleDestroy {
  constructor(private readonly drain: DrainService) {}

  async onModuleDestroy(): Promise<void> {
    await this.drain.drain('exchange-local is shutting down');
  }
}
