import { Controller, Get, Query } from '@nestjs/common';
import { createZodDto } from 'nestjs-zod';

import { catalogQuerySchema, type CatalogView } from './catalog.schema';
import { CatalogService } from './catalog.service';

class CatalogQueryDto extends createZodDto(catalogQuerySchema) {}

@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  get(@Query() query: CatalogQueryDto): Promise<CatalogView> {
    return this.catalog.catalog(query);
  }
}
