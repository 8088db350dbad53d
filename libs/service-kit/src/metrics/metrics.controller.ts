import { Controller, Get, Res } from '@nestjs/common';

import { MetricsService } from './metrics.service';

interface HeaderResponse {
  setHeader(name: string, value: string): unknown;
}

@Controller()
export class MetricsController {
  constructor(private readonly metricsService: MetricsService) {}

  /** Prometheus scrape endpoint. */
  @Get('metrics')
  async scrape(@Res({ passthrough: true }) res: HeaderResponse): Promise<string> {
    res.setHeader('content-type', this.metricsService.contentType);
    return this.metricsService.metrics();
  }
}
