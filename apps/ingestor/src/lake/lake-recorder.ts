import { Logger } from '@nestjs/common';
import { formatWindowLabel, type Envelope } from '@tickline/domain';
import {
  LakeWriter,
  MinuteBatcher,
  type ClosedWindow,
  type GapReason,
  type LakeStream,
  type LakeWriteResult,
} from '@tickline/lake';

import type { AlertSink, EnvelopeSink } from '../market/ingest-sinks.interface';

export interface LakeRecorderMetrics {
  written(result: LakeWriteResult): void;
  failed(window: ClosedWindow): void;
  notBatched(reason: 'late' | 'rejected'): void;
}

/**
 * Feeds every envelope to the lake's minute batcher (windows by exchange time) and writes each
 * closed window through the lake writer: complete windows under the canonical key with
 * `If-None-Match: *` (a replica that comes second counts a dedup hit), partial ones under this
 * ingester's own key, alerted with their reasons and gaps. Writes run one at a time in the
 * background; `flush` closes every open window (as partial where it ended early) and waits.
 */
export class LakeRecorder implements EnvelopeSink {
  private readonly logger = new Logger(LakeRecorder.name);
  private writing: Promise<void> | undefined;

  constructor(
    private readonly batcher: MinuteBatcher,
    private readonly writer: Pick<LakeWriter, 'write'>,
    private readonly alerts: AlertSink,
    private readonly metrics: LakeRecorderMetrics,
  ) {}

  get underPressure(): boolean {
    return this.batcher.underPressure;
  }

  publish(envelope: Envelope): void {
    const result = this.batcher.push(envelope);
    if (result !== 'accepted') this.metrics.notBatched(result);
    if (this.batcher.closedWaiting > 0) this.kick();
  }

  /** The stream's continuity starts only at `markContinuous` (book diffs: at the book sync). */
  requireMark(stream: LakeStream): void {
    this.batcher.requireMark(stream);
  }

  /** Every event of the stream stamped after `sinceUs` is (or will be) published. */
  markContinuous(stream: LakeStream, sinceUs: number): void {
    this.batcher.markContinuous(stream, sinceUs);
  }

  /** A break of continuity: windows it touches are written as partial, never as canonical. */
  reportGap(
    stream: LakeStream,
    reason: GapReason,
    afterExchangeUs?: number,
    expected?: number,
    received?: number,
  ): void {
    this.batcher.reportGap(stream, {
      reason,
      ...(afterExchangeUs !== undefined ? { afterExchangeUs } : {}),
      ...(expected !== undefined ? { expected } : {}),
      ...(received !== undefined ? { received } : {}),
    });
  }

  /** Closes idle markets' windows once the exchange clock (as far as we can tell) passed them. */
  advanceAll(exchangeUs: number): void {
    this.batcher.advanceAllWatermarks(exchangeUs);
    if (this.batcher.closedWaiting > 0) this.kick();
  }

  async flush(): Promise<void> {
    this.batcher.flush();
    this.kick();
    while (this.writing) await this.writing;
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = this.writeClosed().finally(() => {
      this.writing = undefined;
      if (this.batcher.closedWaiting > 0) this.kick();
    });
  }

  private async writeClosed(): Promise<void> {
    for (const window of this.batcher.takeClosed()) {
      try {
        const result = await this.writer.write(window);
        this.metrics.written(result);
        if (result.kind === 'partial') this.alertPartial(result);
      } catch (error) {
        this.metrics.failed(window);
        const { venue, market, type } = window.stream;
        this.logger.error(
          `Lake window ${venue} ${market} ${type} ${formatWindowLabel(window.startUs)} was not written: ${error instanceof Error ? error.message : String(error)}`,
        );
        this.alerts.alert({
          venue,
          market,
          dataType: type,
          kind: 'drop',
          severity: 'critical',
          message: `Lake window ${venue} ${market} ${type} ${formatWindowLabel(window.startUs)} (${window.eventCount} events) could not be written.`,
          detail: {
            reason: 'lake_write_failed',
            windowStartUs: window.startUs,
            count: window.eventCount,
          },
        });
      }
    }
  }

  private alertPartial(result: LakeWriteResult): void {
    const { window } = result;
    const { venue, market, type } = window.stream;
    const gap = window.gaps[0];
    const missing = window.missing;
    const ranges = missing.map((range) => `${range.fromUs}..${range.toUs}`).join(',');
    this.alerts.alert({
      venue,
      market,
      dataType: type,
      kind: 'partial_window',
      severity: 'warning',
      message: `Lake window ${venue} ${market} ${type} ${formatWindowLabel(window.startUs)} is partial (${window.partialReasons.join(', ')}; ${window.gapCount} breaks; may miss exchange times ${ranges || 'unknown'} µs) and was written under ${result.key}.`,
      detail: {
        lakeKey: result.key,
        windowStartUs: window.startUs,
        count: window.eventCount,
        reason: window.partialReasons.join(','),
        gaps: window.gapCount,
        ...(missing[0]
          ? {
              missingFromUs: missing[0].fromUs,
              missingToUs: missing[0].toUs,
              missingRanges: ranges,
            }
          : {}),
        ...(gap ? { firstGapReason: gap.reason, firstGapAfterUs: gap.afterExchangeUs } : {}),
        ...(gap?.expected !== undefined ? { expected: gap.expected } : {}),
        ...(gap?.received !== undefined ? { received: gap.received } : {}),
      },
    });
  }
}
