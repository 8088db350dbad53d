import {
  type Alert,
  type BookDeltaEnvelope,
  type BookSnapshotEnvelope,
  type Envelope,
  toCanonicalJson,
  type TradeEnvelope,
  type ValidationIssue,
} from '@tickline/domain';

import { BOOK_SEQUENCE_RULES, bookIdentity, type SequenceGap } from './book-sequence.rules';
import { decodeRawEvent, marketOfKey } from './decode-raw-event.util';
import { eventFingerprint } from './event-fingerprint.util';
import { MarketState } from './market-state.model';
import { rollForward } from './snapshot-roll-forward.util';
import { findBadNumber } from './number-rules.util';
import type { RawEvent } from './raw-event.type';
import { findTimeFault } from './time-rules.util';
import { CONTIGUOUS_TRADE_ID_VENUES, numericTradeId } from './trade-sequence.rules';
import {
  ALERT_KIND_OF,
  type AlertSubject,
  buildAlert,
  buildDeadLetter,
  describeStream,
} from './validation-outputs.util';
import type {
  DropKind,
  DroppedResult,
  RejectedResult,
  RejectRule,
  ValidationResult,
} from './validation-result.type';
import type { ValidationSettings } from './validation-settings.type';

/** A rule an accepted-so-far event breaks, found after its identity was recorded. */
interface ContentFault {
  readonly rule: RejectRule;
  readonly message: string;
  readonly issues?: readonly ValidationIssue[];
  readonly detail: Alert['detail'];
}

/**
 * The validation core for the markets of one raw partition. Pure and synchronous: events go in
 * in partition order, verdicts come out, and the same events in the same order always give the
 * same verdicts and state (rules read the envelope's own times, never a clock), which is what
 * lets a rebuilt state replay the valid topic and land where the lost one was.
 *
 * Order of judgement: decoding (JSON, version, schema, key), then identity (a copy of an event
 * already seen is dropped: counted, no dead letter, a divergence alert when its content
 * differs), then sequence continuity (gap and out-of-order alerts; the event still counts as
 * the new position), then content (numbers, timestamps, crossed book: a dead letter and an
 * alert). A rejected event keeps its identity and position, so its copy from the other ingester
 * is a plain duplicate and the next event is not reported as a gap.
 */
export class PartitionValidator {
  private readonly markets = new Map<string, MarketState>();

  constructor(private readonly settings: ValidationSettings) {}

  get marketCount(): number {
    return this.markets.size;
  }

  /** The state of a market, if remembered (tests and diagnostics). */
  marketState(marketId: string): MarketState | undefined {
    return this.markets.get(marketId);
  }

  validate(event: RawEvent): ValidationResult {
    const decoded = decodeRawEvent(event);
    if (!decoded.ok) {
      const subject: AlertSubject =
        decoded.envelope === undefined ? marketOfKey(event.key) : { envelope: decoded.envelope };
      return this.reject(event, event.key?.toString('utf8') ?? null, subject, [], {
        rule: decoded.rule,
        message: decoded.message,
        ...(decoded.issues === undefined ? {} : { issues: decoded.issues }),
        detail: {
          reason: decoded.rule,
          ...(decoded.issues?.[0] === undefined ? {} : { field: decoded.issues[0].path }),
        },
      });
    }
    const { envelope, key } = decoded;
    const state = this.market(key);
    return envelope.type === 'trade'
      ? this.validateTrade(event, key, envelope, state)
      : this.validateBook(event, key, envelope, state);
  }

  private market(marketId: string): MarketState {
    let state = this.markets.get(marketId);
    if (state === undefined) {
      state = new MarketState(marketId, this.settings);
      if (this.markets.size >= this.settings.maxMarkets) {
        const oldest = this.markets.keys().next().value as string;
        this.markets.delete(oldest);
      }
    } else {
      // Re-inserting keeps the Map in least-recently-seen order for the eviction above.
      this.markets.delete(marketId);
    }
    this.markets.set(marketId, state);
    return state;
  }

  // ---- trades --------------------------------------------------------------------------------

  private validateTrade(
    event: RawEvent,
    key: string,
    envelope: TradeEnvelope,
    state: MarketState,
  ): ValidationResult {
    const fingerprint = eventFingerprint(envelope);
    const tradeId = envelope.payload.tradeId;
    const alerts: Alert[] = [];
    if (tradeId === undefined) {
      if (!state.tradeContent.observe(fingerprint, envelope.ingesterId)) {
        return this.drop('duplicate', envelope);
      }
    } else {
      const first = state.tradeIds.get(tradeId);
      if (first !== undefined) {
        return this.drop('duplicate', envelope, first, fingerprint, `trade ${tradeId}`);
      }
      state.tradeIds.set(tradeId, fingerprint);
      this.checkTradeSequence(envelope, tradeId, state, alerts);
    }
    const fault = this.contentFault(envelope);
    return fault === undefined
      ? this.accept(key, envelope, alerts)
      : this.reject(event, key, { envelope }, alerts, fault);
  }

  private checkTradeSequence(
    envelope: TradeEnvelope,
    tradeId: string,
    state: MarketState,
    alerts: Alert[],
  ): void {
    if (!CONTIGUOUS_TRADE_ID_VENUES.has(envelope.venue)) return;
    const id = numericTradeId(tradeId);
    if (id === undefined) return;
    const last = state.lastTradeId;
    if (last !== undefined && id > last + 1) {
      alerts.push(
        this.gapAlert(envelope, {
          expected: last + 1,
          received: id,
          missing: id - last - 1,
          reason: 'trade_id_gap',
        }),
      );
    } else if (last !== undefined && id <= last) {
      alerts.push(
        buildAlert(
          this.settings,
          { envelope },
          {
            kind: 'out_of_order',
            severity: 'info',
            message: `${describeStream(envelope)}: trade ${id} arrived after trade ${last}; it fills an earlier gap and is passed on out of order.`,
            detail: { expected: last + 1, received: id, reason: 'late_trade_id' },
          },
        ),
      );
    }
    if (last === undefined || id > last) state.lastTradeId = id;
  }

  // ---- books ---------------------------------------------------------------------------------

  private validateBook(
    event: RawEvent,
    key: string,
    received: BookDeltaEnvelope | BookSnapshotEnvelope,
    state: MarketState,
  ): ValidationResult {
    let envelope = received;
    let fingerprint = eventFingerprint(envelope);
    const alerts: Alert[] = [];
    const rule = BOOK_SEQUENCE_RULES[envelope.venue];
    let position = rule?.position(envelope);
    if (rule === undefined || position === undefined) {
      if (!state.bookContent.observe(fingerprint, envelope.ingesterId)) {
        return this.drop('duplicate', envelope);
      }
    } else {
      let identity = bookIdentity(envelope, position, rule);
      const first = state.bookIds.get(identity);
      if (first !== undefined) {
        return this.drop('duplicate', envelope, first, fingerprint, describeIdentity(identity));
      }
      const last = state.bookPosition;
      if (envelope.type === 'book_snapshot') {
        if (last !== undefined && position < last) {
          const restarted =
            rule.venueTimedSnapshots &&
            state.lastBookTimeUs !== undefined &&
            envelope.exchangeTimeUs > state.lastBookTimeUs;
          if (!restarted) {
            // Behind the sequence: redundant when the book is known; otherwise it is the only
            // way to a book for consumers that saw just deltas, so it is rolled forward.
            const rolled = rollForward(envelope, position, last, state, rule);
            if (rolled === undefined) return this.drop('stale', envelope);
            envelope = rolled;
            position = last;
            identity = bookIdentity(rolled, last, rule);
            fingerprint = eventFingerprint(rolled);
          } else {
            state.sequenceResetAtUs = envelope.exchangeTimeUs;
            alerts.push(
              buildAlert(
                this.settings,
                { envelope },
                {
                  kind: 'resync',
                  severity: 'info',
                  message: `${describeStream(envelope)}: the venue restarted its sequence (snapshot at ${position}, newer than the last update at ${last}); the book starts again from this snapshot.`,
                  detail: { expected: last, received: position, reason: 'sequence_reset' },
                },
              ),
            );
          }
        }
      } else {
        if (
          state.sequenceResetAtUs !== undefined &&
          envelope.exchangeTimeUs < state.sequenceResetAtUs
        ) {
          return this.drop('stale', envelope);
        }
        if (last !== undefined) {
          const repeats = rule.repeatsPosition?.(envelope) === true;
          if (position < last || (position === last && !repeats)) {
            return this.drop('stale', envelope);
          }
          const gap = rule.continuity(last, envelope, position);
          if (gap !== undefined) alerts.push(this.gapAlert(envelope, gap));
        }
      }
      state.bookIds.set(identity, fingerprint);
      state.bookPosition = position;
    }
    if (state.lastBookTimeUs === undefined || envelope.exchangeTimeUs > state.lastBookTimeUs) {
      state.lastBookTimeUs = envelope.exchangeTimeUs;
    }

    const fault = this.contentFault(envelope) ?? this.crossedFault(envelope, state);
    if (fault !== undefined) {
      // A snapshot we refuse leaves the book unknown: the checks pause until the next one.
      if (envelope.type === 'book_snapshot') state.book.desync();
      return this.reject(event, key, { envelope }, alerts, fault);
    }
    if (envelope.type === 'book_snapshot') {
      state.book.applySnapshot(envelope);
      state.unsyncedDeltas.length = 0;
    } else if (state.book.synced) {
      state.book.applyDelta(envelope);
    } else if (rule !== undefined) {
      state.rememberUnsyncedDelta(envelope);
    }
    const mismatch = state.book.verifyChecksum(envelope);
    if (mismatch !== undefined) {
      alerts.push(
        buildAlert(
          this.settings,
          { envelope },
          {
            kind: 'checksum_mismatch',
            severity: 'warning',
            message: `${describeStream(envelope)}: the venue's checksum ${mismatch.sent} differs from the book's ${mismatch.computed}; book checks pause until the next snapshot.`,
            detail: { expected: mismatch.sent, received: mismatch.computed },
          },
        ),
      );
    }
    return this.accept(key, envelope, alerts);
  }

  private crossedFault(
    envelope: BookDeltaEnvelope | BookSnapshotEnvelope,
    state: MarketState,
  ): ContentFault | undefined {
    const touch =
      envelope.type === 'book_snapshot'
        ? state.book.crossedSnapshot(envelope)
        : state.book.crossedAfter(envelope);
    if (touch === undefined) return undefined;
    const bestBid = touch.bestBid as string;
    const bestAsk = touch.bestAsk as string;
    const what =
      envelope.type === 'book_snapshot'
        ? 'the snapshot is crossed'
        : 'the update would cross the book';
    return {
      rule: 'crossed_book',
      message: `${describeStream(envelope)}: ${what}: best bid ${bestBid} >= best ask ${bestAsk}.`,
      detail: {
        reason: envelope.type === 'book_snapshot' ? 'crossed_snapshot' : 'crossed_after_delta',
        bestBid,
        bestAsk,
      },
    };
  }

  // ---- shared rules and outcomes -------------------------------------------------------------

  private contentFault(envelope: Envelope): ContentFault | undefined {
    const number = findBadNumber(envelope);
    if (number !== undefined) {
      return {
        rule: 'bad_number',
        message: `${describeStream(envelope)}: ${number.message}.`,
        issues: [{ path: number.field, message: number.message }],
        detail: { field: number.field, received: number.value, reason: 'not_positive' },
      };
    }
    const time = findTimeFault(envelope, this.settings);
    if (time !== undefined) {
      return {
        rule: time.rule,
        message: `${describeStream(envelope)}: ${time.message}.`,
        issues: [{ path: 'exchangeTimeUs', message: time.message }],
        detail: {
          field: 'exchangeTimeUs',
          expected: time.limitUs,
          received: time.differenceUs,
          reason: time.rule === 'future_timestamp' ? 'beyond_clock_skew' : 'too_old',
        },
      };
    }
    return undefined;
  }

  private gapAlert(envelope: Envelope, gap: SequenceGap): Alert {
    const missing = gap.missing === undefined ? '' : ` (${gap.missing} missing)`;
    return buildAlert(
      this.settings,
      { envelope },
      {
        kind: 'gap',
        severity: 'warning',
        message: `${describeStream(envelope)}: expected ${gap.expected}, received ${gap.received}${missing}; the event is passed on.`,
        detail: {
          expected: gap.expected,
          received: gap.received,
          ...(gap.missing === undefined ? {} : { count: gap.missing }),
          reason: gap.reason,
        },
      },
    );
  }

  private accept(key: string, envelope: Envelope, alerts: readonly Alert[]): ValidationResult {
    return { outcome: 'accepted', key, envelope, value: toCanonicalJson(envelope), alerts };
  }

  private drop(
    kind: DropKind,
    envelope: Envelope,
    firstFingerprint?: string,
    fingerprint?: string,
    identity?: string,
  ): DroppedResult {
    if (firstFingerprint === undefined || firstFingerprint === fingerprint) {
      return { outcome: 'dropped', kind, envelope, alerts: [] };
    }
    const alert = buildAlert(
      this.settings,
      { envelope },
      {
        kind: 'duplicate',
        severity: 'critical',
        message: `${describeStream(envelope)}: two copies of ${identity ?? 'one event'} differ; the copy from ${envelope.ingesterId} (${envelope.system}) was dropped and the first one kept.`,
        detail: {
          reason: 'divergent_content',
          received: identity ?? '',
          ingesterId: envelope.ingesterId,
        },
      },
    );
    return { outcome: 'dropped', kind, envelope, alerts: [alert] };
  }

  private reject(
    event: RawEvent,
    key: string | null,
    subject: AlertSubject,
    alerts: readonly Alert[],
    fault: ContentFault,
  ): RejectedResult {
    const at = `${event.topic}/${event.partition}@${event.offset}`;
    const alert = buildAlert(this.settings, subject, {
      kind: ALERT_KIND_OF[fault.rule],
      severity: 'warning',
      message: `Rejected ${at}: ${fault.message}`,
      detail: fault.detail,
    });
    return {
      outcome: 'rejected',
      rule: fault.rule,
      key,
      deadLetter: buildDeadLetter(this.settings, event, fault.rule, fault.message, fault.issues),
      alerts: [...alerts, alert],
    };
  }
}

function describeIdentity(identity: string): string {
  const [kind, position, time] = identity.split(':');
  if (kind === 's') return `the snapshot at ${position}`;
  if (kind === 'k') return `the keep-alive at ${position} (${time})`;
  return `the update at ${position}`;
}
