import type { Staleness } from '../market-state/market-state.types';

// A read view's JSON in two parts: the body, cached per market version, and the staleness
// fields, which change with the clock and are appended per request. Views end with their
// staleness fields, so body + tail is byte for byte what JSON.stringify(view) gives.

/** JSON of `view` without its staleness fields and without the closing brace. */
export function jsonBodyOf(view: Staleness & object): string {
  const {
    lastExchangeTimeUs: _exchange,
    lastReceiveTimeUs: _receive,
    ageMs: _age,
    stale: _stale,
    ...rest
  } = view;
  return JSON.stringify(rest).slice(0, -1);
}

/** The staleness fields and the closing brace, to append to `jsonBodyOf`. */
export function stalenessJsonTail(staleness: Staleness): string {
  return `,"lastExchangeTimeUs":${staleness.lastExchangeTimeUs},"lastReceiveTimeUs":${staleness.lastReceiveTimeUs},"ageMs":${staleness.ageMs},"stale":${staleness.stale}}`;
}
