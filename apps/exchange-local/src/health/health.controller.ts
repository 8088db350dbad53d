import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';

import { Unsigned } from '../auth/unsigned.decorator';
import { PrismaService } from '../persistence/prisma.service';

/** Liveness and readiness probes (not AWS operations, so not signed). */
@Controller()
@Unsigned()
export class HealthController {
  constructor(private readonly prisma: PrismaService) {}

  @Get('healthz')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready() {
    try {
      await this.prisma.$queryRaw`SELECT 1`;
    } catch {
      throw new ServiceUnavailableException({ status: 'unavailable', database: 'unreachable' });
    }
    return { status: 'ok', database: 'ok' };
  }
}
