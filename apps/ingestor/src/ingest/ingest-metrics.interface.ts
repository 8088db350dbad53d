import type { DataType, Venue } from '@tickline/domain';

import type { MarketMetrics } from '../market/market-pipeline';

/** Everything the ingest path counts; backed by Prometheus in the service, by arrays in tests. */
export interface IngestMetrics extends MarketMetrics {
  frame(venue: Venue, bytes: number): void;
  message(venue: Venue, type: DataType, lagUs: number): void;
  ignored(venue: Venue, reason: string): void;
  frameError(venue: Venue, reason: string): void;
  reconnect(venue: Venue): void;
  connectionState(venue: Venue, open: number): void;
}
