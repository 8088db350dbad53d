import { Module } from '@nestjs/common';
import { MetricsModule, ShutdownModule } from '@tickline/service-kit';

import { ControlController } from '../control/control.controller';
import { WsGateway } from '../gateway/ws-gateway.service';
import { RecordingStore } from '../recording/recording-store.service';
import { VenueRestController } from '../rest/venue-rest.controller';
import { ReplayMetrics } from './replay-metrics';
import { ReplayService } from './replay.service';

@Module({
  controllers: [ControlController, VenueRestController],
  imports: [MetricsModule, ShutdownModule],
  providers: [RecordingStore, ReplayMetrics, ReplayService, WsGateway],
})
export class ReplayModule {}
