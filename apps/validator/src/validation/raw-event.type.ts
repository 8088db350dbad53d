/** One record read from the raw topic, as the validation core sees it (no Kafka types). */
export interface RawEvent {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit: kept as the decimal text the client reports. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** The record timestamp (epoch ms as text), when the client reports one. */
  readonly timestamp?: string;
  readonly headers?: Readonly<Record<string, string>>;
}
