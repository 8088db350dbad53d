import type { INestApplication } from '@nestjs/common';
import { PrismaService } from '@tickline/db';
import { createServiceApp } from '@tickline/service-kit';

import { AppModule } from '../../src/app.module';
import { ExchangeEventsConsumer } from '../../src/triggers/exchange-events.consumer';

/** The exporter in-process on a free port, once its event consumer has joined its group. */
export async function startExporter(env: Record<string, string>): Promise<INestApplication> {
  const app = await createServiceApp(AppModule.forRoot({ env }));
  try {
    await app.listen(0, '127.0.0.1');
    await app.get(ExchangeEventsConsumer).joined;
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

export function prismaOf(app: INestApplication): PrismaService {
  return app.get(PrismaService);
}
