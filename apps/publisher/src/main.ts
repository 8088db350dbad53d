import { bootstrapService } from '@tickline/service-kit';

import { AppModule } from './app.module';

void bootstrapService(AppModule.forRoot());
