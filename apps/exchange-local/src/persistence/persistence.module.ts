import { Global, Module } from '@nestjs/common';
import { HealthModule } from '@tickline/service-kit';

import { PrismaService } from './prisma.service';

@Global()
@Module({
  exports: [PrismaService],
  imports: [HealthModule],
  providers: [PrismaService],
})
export class PersistenceModule {}
