import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';

import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { AdminTokenGuard } from './admin-token.guard';

@Module({
  controllers: [AdminController],
  imports: [AuthModule],
  providers: [AdminService, AdminTokenGuard],
})
export class AdminModule {}
