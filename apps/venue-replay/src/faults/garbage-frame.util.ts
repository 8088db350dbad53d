import { randomBytes } from 'node:crypto';

import type { GarbageVariant } from './fault.schema';

export interface OutgoingFrame {
  readonly data: string | Buffer;
  readonly binary: boolean;
}

/** A decimal string value (`"123.45"`) or, failing that, a bare number. */
const DECIMAL_STRING = /"(\d+\.\d+)"/;
const BARE_NUMBER = /([:,[])(-?\d+(?:\.\d+)?)([,\]}])/;

/** A bad frame derived from (or standing instead of) a real one. */
export function garbageFrame(
  variant: GarbageVariant,
  frame: string,
  sequence: number,
): OutgoingFrame {
  switch (variant) {
    case 'text':
      return { data: `garbage #${sequence} \u0000{not json`, binary: false };
    case 'binary':
      return { data: randomBytes(32), binary: true };
    case 'truncated':
      return { data: frame.slice(0, Math.max(1, Math.floor(frame.length / 2))), binary: false };
    case 'non-finite': {
      // JSON has no infinity: a string "Infinity" where a decimal was, or a number too large.
      if (DECIMAL_STRING.test(frame)) {
        return { data: frame.replace(DECIMAL_STRING, '"Infinity"'), binary: false };
      }
      return { data: frame.replace(BARE_NUMBER, '$11e999$3'), binary: false };
    }
    case 'unknown-field': {
      const brace = frame.indexOf('{');
      if (brace < 0) {
        return { data: frame, binary: false };
      }
      const separator = frame[brace + 1] === '}' ? '' : ',';
      return {
        data: `${frame.slice(0, brace + 1)}"replayUnknownField":${sequence}${separator}${frame.slice(brace + 1)}`,
        binary: false,
      };
    }
  }
}
