import type { Envelope } from '@tickline/domain';

export interface TimeFault {
  readonly rule: 'future_timestamp' | 'stale_timestamp';
  /** The limit, in µs of difference between exchange and receive time. */
  readonly limitUs: number;
  /** The difference found (exchange minus receive time for the future, the reverse for age). */
  readonly differenceUs: number;
  readonly message: string;
}

export interface TimeLimits {
  readonly maxFutureSkewUs: number;
  /** 0 turns the age rule off. */
  readonly maxEventAgeUs: number;
}

/**
 * Judges the exchange time against the ingester's receive time, never against this process's
 * clock: the pair travels together, so the rule means the same on a live stream and on a
 * replay, and reprocessing a batch gives the same verdict. Snapshots are exempt from the age
 * rule: some venues stamp them with the time of their newest level, which can be hours old in
 * a quiet market.
 */
export function findTimeFault(envelope: Envelope, limits: TimeLimits): TimeFault | undefined {
  const ahead = envelope.exchangeTimeUs - envelope.receiveTimeUs;
  if (ahead > limits.maxFutureSkewUs) {
    return {
      rule: 'future_timestamp',
      limitUs: limits.maxFutureSkewUs,
      differenceUs: ahead,
      message: `exchangeTimeUs is ${formatUs(ahead)} after receiveTimeUs (allowed: ${formatUs(limits.maxFutureSkewUs)})`,
    };
  }
  if (
    limits.maxEventAgeUs > 0 &&
    envelope.type !== 'book_snapshot' &&
    -ahead > limits.maxEventAgeUs
  ) {
    return {
      rule: 'stale_timestamp',
      limitUs: limits.maxEventAgeUs,
      differenceUs: -ahead,
      message: `exchangeTimeUs is ${formatUs(-ahead)} before receiveTimeUs (allowed: ${formatUs(limits.maxEventAgeUs)})`,
    };
  }
  return undefined;
}

function formatUs(us: number): string {
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(3)} s`;
  return `${(us / 1_000).toFixed(3)} ms`;
}
