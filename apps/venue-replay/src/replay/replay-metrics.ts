import { Injectable } from '@nestjs/common';
import type { Venue } from '@tickline/domain';
import { MetricsService } from '@tickline/service-kit';
import type { Counter } from 'prom-client';

import type { FaultType } from '../faults/fault.schema';
import type { SessionObserver } from './venue-session';

/** The replay's own metrics (frames out, connections, client frames, faults). */
@Injectable()
export class ReplayMetrics implements SessionObserver {
  private readonly frames: Counter<'venue'>;
  private readonly clientFrames: Counter<'venue'>;
  private readonly connectionsOpened: Counter<'venue'>;
  private readonly faults: Counter<'venue' | 'type'>;
  // Resolved once per venue: framesSent runs for every frame handed out.
  private readonly framesByVenue = new Map<Venue, { inc(value: number): void }>();

  constructor(metrics: MetricsService) {
    this.frames = metrics.counter({
      name: 'frames_sent_total',
      help: 'Market-data frames handed to client connections (before faults).',
      labelNames: ['venue'],
    });
    this.clientFrames = metrics.counter({
      name: 'client_frames_total',
      help: 'Frames received from clients (subscribes, pings).',
      labelNames: ['venue'],
    });
    this.connectionsOpened = metrics.counter({
      name: 'connections_opened_total',
      help: 'WebSocket connections accepted.',
      labelNames: ['venue'],
    });
    this.faults = metrics.counter({
      name: 'faults_assigned_total',
      help: 'Faults given to connections.',
      labelNames: ['venue', 'type'],
    });
  }

  framesSent(venue: Venue, count: number): void {
    if (count > 0) {
      let child = this.framesByVenue.get(venue);
      if (!child) {
        child = this.frames.labels({ venue });
        this.framesByVenue.set(venue, child);
      }
      child.inc(count);
    }
  }

  clientFrame(venue: Venue): void {
    this.clientFrames.inc({ venue });
  }

  connectionOpened(venue: Venue): void {
    this.connectionsOpened.inc({ venue });
  }

  faultAssigned(venue: Venue, type: FaultType): void {
    this.faults.inc({ venue, type });
  }
}
