import { z } from 'zod';

import type { ReplaySpeed } from './replay-clock';

export const SPEED_MIN = 0.01;
export const SPEED_MAX = 100_000;
export const SPEED_HELP = `"max" or a factor of real time between ${SPEED_MIN} and ${SPEED_MAX} ("1", "10", "x0.5")`;

/** `max`, `10`, `x10`, `0.5` -> ReplaySpeed; throws naming the accepted forms. */
export function parseSpeed(text: string | number): ReplaySpeed {
  if (typeof text === 'number') {
    if (text >= SPEED_MIN && text <= SPEED_MAX) return text;
    throw new Error(`expected ${SPEED_HELP}, got ${text}`);
  }
  const value = text.trim().toLowerCase();
  if (value === 'max') {
    return 'max';
  }
  const factor = Number(value.startsWith('x') ? value.slice(1) : value);
  if (!/^x?\d+(\.\d+)?$/.test(value) || factor < SPEED_MIN || factor > SPEED_MAX) {
    throw new Error(`expected ${SPEED_HELP}, got "${text}"`);
  }
  return factor;
}

export function speedField() {
  return z
    .union([z.string(), z.number()])
    .transform((raw, ctx) => {
      try {
        return parseSpeed(raw);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .describe(SPEED_HELP);
}
