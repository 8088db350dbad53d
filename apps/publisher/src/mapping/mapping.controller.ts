import { Controller, Get, Inject } from '@nestjs/common';
import { PrismaService } from '@tickline/db';

import { MAPPING, type Mapping } from './mapping.schema';

/** GET /mapping: the validated mapping, with each data set's exchange ids once synced. */
@Controller('mapping')
export class MappingController {
  constructor(
    @Inject(MAPPING) private readonly mapping: Mapping,
    private readonly prisma: PrismaService,
  ) {}

  @Get()
  async get() {
    const rows = await this.prisma.dataSet.findMany({
      where: { name: { in: this.mapping.dataSets.map((d) => d.name) } },
    });
    const byName = new Map(rows.map((row) => [row.name, row]));
    return {
      ...this.mapping,
      dataSets: this.mapping.dataSets.map((d) => ({
        ...d,
        exchangeDataSetId: byName.get(d.name)?.exchangeDataSetId ?? null,
        exchangeDataSetArn: byName.get(d.name)?.exchangeDataSetArn ?? null,
      })),
    };
  }
}
