import { Logger } from '@nestjs/common';
import { toCanonicalJson, type Envelope } from '@tickline/domain';
import { CompressionTypes, type Message, type Producer } from 'kafkajs';

import type { EnvelopeSink } from '../market/ingest-sinks.interface';

export interface EnvelopePublisherOptions {
  readonly topic: string;
  readonly compression: 'gzip' | 'none';
  readonly batchSize: number;
  readonly lingerMs: number;
  /** Envelopes held at most; beyond it new envelopes are dropped (counted, alerted). */
  readonly maxBuffered: number;
  /** Delay before a failed send is retried (kafkajs already retried with back-off). */
  readonly retryDelayMs?: number;
}

export interface EnvelopePublisherEvents {
  /** True when the buffer passes 3/4 of its cap (pause the sockets), false below 1/4. */
  onPressure(high: boolean): void;
  onDrop(envelope: Envelope, buffered: number): void;
  onSent(messages: number, bytes: number): void;
}

/**
 * Publishes envelopes to the raw topic in batches: key `venue:symbol` (ordering holds per
 * market, the producer keeps one request in flight), canonical JSON values, compressed. The
 * buffer is bounded: at the high-water mark the caller pauses reading from the venues (TCP
 * back-pressure); only at the cap are envelopes dropped, each one counted.
 */
export class EnvelopePublisher implements EnvelopeSink {
  private readonly logger = new Logger(EnvelopePublisher.name);
  private buffer: Message[] = [];
  private sending = false;
  private pressured = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    private readonly options: EnvelopePublisherOptions,
    private readonly events: EnvelopePublisherEvents,
  ) {}

  get buffered(): number {
    return this.buffer.length;
  }

  publish(envelope: Envelope): void {
    if (this.buffer.length >= this.options.maxBuffered) {
      this.events.onDrop(envelope, this.buffer.length);
      return;
    }
    this.buffer.push({
      key: `${envelope.venue}:${envelope.symbol}`,
      // Bytes, not text: kafkajs measures a string value's UTF-8 length twice per record.
      value: Buffer.from(toCanonicalJson(envelope)),
    });
    if (!this.pressured && this.buffer.length >= (this.options.maxBuffered * 3) / 4) {
      this.pressured = true;
      this.events.onPressure(true);
    }
    if (this.buffer.length >= this.options.batchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.options.lingerMs);
  }

  /** Resolves once everything buffered so far has been acknowledged by the broker. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0 && !this.sending) return;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.kick();
    await idle;
  }

  /** Flushes and stops retrying after that. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.sending) void this.drain();
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (this.buffer.length > 0 && !this.closed) {
      const batch = this.buffer.slice(0, this.options.batchSize);
      try {
        await this.producer.send({
          topic: this.options.topic,
          compression:
            this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
          messages: batch,
        });
        this.buffer = this.buffer.slice(batch.length);
        let bytes = 0;
        for (const message of batch) bytes += (message.value as Buffer).length;
        this.events.onSent(batch.length, bytes);
      } catch (error) {
        // Keep the batch in front: order per key must survive a broker outage.
        this.logger.error(
          `Sending ${batch.length} envelopes to ${this.options.topic} failed; retrying: ${error instanceof Error ? error.message : String(error)}`,
        );
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1_000));
      }
      if (this.pressured && this.buffer.length <= this.options.maxBuffered / 4) {
        this.pressured = false;
        this.events.onPressure(false);
      }
    }
    this.sending = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
