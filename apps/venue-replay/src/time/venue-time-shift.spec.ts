import { captureFiles, VENUE_CAPTURES } from '../../test/support/fixtures.util';
import { must } from '../../test/support/must.util';
import { recordingsFromCaptures } from '../recording/capture-import.util';
import { prepareRecording, type PreparedRecording } from '../recording/prepared-recording';
import { BYBIT_SYNTHETIC } from '../synthetic/bybit-synthetic.constants';
import { syntheticRecording } from '../synthetic/synthetic-recording.util';
import { VENUE_CODECS } from '../venues/venue-codecs';
import { rewriteFrame, type FrameShift, type Slot } from './frame-slots.util';
import { parseTimeText } from './time-format.util';

const DAY_S = 86_400;

function prepared(venue: keyof typeof VENUE_CAPTURES): PreparedRecording {
  const [recording] = recordingsFromCaptures(captureFiles(...VENUE_CAPTURES[venue])).recordings;
  return prepareRecording(must(recording), VENUE_CODECS[venue]);
}

function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      leaves(item, path === '' ? String(index) : `${path}.${index}`, out),
    );
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      leaves(item, path === '' ? key : `${path}.${key}`, out);
  } else {
    out.set(path, value);
  }
  return out;
}

/**
 * Rewrites every frame of a recording and checks, leaf by leaf, that exactly the exchange
 * timestamps moved (by the shift, in their own notation) and the ids moved by their offset,
 * while every other value is untouched.
 */
function checkShift(
  recording: PreparedRecording,
  shift: FrameShift,
): { times: Set<string>; ids: Set<string> } {
  const timePaths = new Set<string>();
  const idPaths = new Set<string>();
  const wrong: string[] = [];
  for (const record of recording.records) {
    if (record.role === 'rest') continue;
    const shifted = rewriteFrame(record.text, record.slots, shift);
    const before = leaves(JSON.parse(record.text));
    const after = leaves(JSON.parse(shifted));
    if ([...after.keys()].join() !== [...before.keys()].join()) {
      wrong.push(`record ${record.index}: the structure changed`);
    }
    const slotPaths = new Map<string, Slot>(record.slots.map((slot) => [slot.path, slot]));
    for (const [path, value] of before) {
      const moved = after.get(path);
      const slot = slotPaths.get(path);
      if (!slot) {
        if (moved !== value)
          wrong.push(`record ${record.index} ${path}: ${String(value)} -> ${String(moved)}`);
      } else if (slot.kind === 'time') {
        timePaths.add(path.replace(/\.\d+(?=\.|$)/g, '.#'));
        const from = parseTimeText(String(value), slot.format);
        const to = parseTimeText(String(moved), slot.format);
        if (from !== undefined && to !== from + shift.seconds * 1_000_000) {
          wrong.push(`record ${record.index} ${path}: time ${String(value)} -> ${String(moved)}`);
        }
      } else {
        idPaths.add(path.replace(/\.\d+(?=\.|$)/g, '.#'));
        if (
          /^\d+$/.test(String(value)) &&
          Number(moved) - Number(value) !== shift.idOffset(slot.family)
        ) {
          wrong.push(`record ${record.index} ${path}: id ${String(value)} -> ${String(moved)}`);
        }
      }
    }
  }
  expect(wrong.slice(0, 10)).toEqual([]);
  return { times: timePaths, ids: idPaths };
}

const DAY_AND_IDS: FrameShift = { seconds: DAY_S, idOffset: (family) => 1000 + family.length };

describe('time shift and loop offsets on every recorded frame, per venue notation', () => {
  it('leaves a frame byte for byte as recorded without a shift', () => {
    const binance = prepared('binance');
    for (const record of binance.records) {
      expect(rewriteFrame(record.text, record.slots, { seconds: 0, idOffset: () => 0 })).toBe(
        record.text,
      );
    }
  });

  it('binance: E, T and kline t/T in milliseconds; update, trade and agg ids', () => {
    const { times, ids } = checkShift(prepared('binance'), DAY_AND_IDS);
    expect(times).toEqual(new Set(['data.E', 'data.T', 'data.k.t', 'data.k.T']));
    expect(ids).toEqual(
      new Set(['data.U', 'data.u', 'data.a', 'data.f', 'data.l', 'data.k.f', 'data.k.L']),
    );
  });

  it('coinbase: ISO time with microseconds; trade_id and sequence', () => {
    const { times, ids } = checkShift(prepared('coinbase'), DAY_AND_IDS);
    expect(times).toEqual(new Set(['time']));
    expect(ids).toEqual(new Set(['trade_id', 'sequence']));
  });

  it('kraken: level and trade times as seconds with six decimals, checksums untouched', () => {
    const { times, ids } = checkShift(prepared('kraken'), DAY_AND_IDS);
    expect(times).toEqual(
      new Set(['1.a.#.#', '1.b.#.#', '2.b.#.#', '1.as.#.#', '1.bs.#.#', '1.#.#']),
    );
    expect(ids).toEqual(new Set());
  });

  it('bitstamp: timestamp in seconds and microtimestamp; trade and order ids', () => {
    const { times, ids } = checkShift(prepared('bitstamp'), DAY_AND_IDS);
    expect(times).toEqual(new Set(['data.timestamp', 'data.microtimestamp']));
    expect(ids).toEqual(new Set(['data.id', 'data.buy_order_id', 'data.sell_order_id']));
  });

  it('okx: ts as a millisecond string; tradeId', () => {
    const { times, ids } = checkShift(prepared('okx'), DAY_AND_IDS);
    expect(times).toEqual(new Set(['data.#.ts']));
    expect(ids).toEqual(new Set(['data.#.tradeId']));
  });

  it('bybit: ts, cts and trade T in milliseconds; u, seq and trade ids', () => {
    const recording = syntheticRecording(BYBIT_SYNTHETIC.options, 5_000_000);
    const { times, ids } = checkShift(prepareRecording(recording, VENUE_CODECS.bybit), DAY_AND_IDS);
    expect(times).toEqual(new Set(['ts', 'cts', 'data.#.T']));
    expect(ids).toEqual(new Set(['data.u', 'data.seq', 'data.#.i']));
  });
});
