import { VENUES, type Venue } from '@tickline/domain';
import {
  booleanField,
  durationField,
  integerField,
  serviceConfigFields,
} from '@tickline/service-kit';
import { z } from 'zod';

import { BUNDLED_RECORDINGS_DIR } from './bundled-recordings';
import { speedField } from './clock/replay-speed.util';
import { faultRulesSchema } from './faults/fault.schema';
import { START_MODES } from './replay/venue-session';
import { syntheticSpecsField } from './synthetic/synthetic-spec.util';
import { timeShiftField } from './time/time-shift.util';

function listField<T>(describe: string, item: (value: string) => T | undefined) {
  return z
    .string()
    .transform((raw, ctx) => {
      const values: T[] = [];
      for (const part of raw
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)) {
        const value = item(part);
        if (value === undefined) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not valid (${describe})` });
          return z.NEVER;
        }
        values.push(value);
      }
      return values;
    })
    .describe(describe);
}

/** Everything venue-replay reads from its environment. */
export const appConfigSchema = z.object({
  ...serviceConfigFields({ serviceName: 'venue-replay', port: 3400 }),
  REPLAY_RECORDINGS: listField(
    'comma separated recording or capture files and directories',
    (path) => path,
  ).prefault(BUNDLED_RECORDINGS_DIR),
  REPLAY_VENUES: listField(
    `comma separated venues to serve (${VENUES.join(', ')}); empty serves all`,
    (venue) => ((VENUES as readonly string[]).includes(venue) ? (venue as Venue) : undefined),
  ).prefault(''),
  REPLAY_SYNTHETIC: syntheticSpecsField().prefault(''),
  REPLAY_SPEED: speedField().prefault('1'),
  REPLAY_LOOP: booleanField().prefault('true'),
  REPLAY_TIME_SHIFT: timeShiftField().prefault('none'),
  REPLAY_START: z.enum(START_MODES).describe(START_MODES.join(', ')).prefault('on-subscribe'),
  REPLAY_FAULTS: z
    .string()
    .transform((raw, ctx) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON array of fault rules' });
        return z.NEVER;
      }
      const result = faultRulesSchema.safeParse(parsed);
      if (!result.success) {
        ctx.addIssue({
          code: 'custom',
          message: `invalid fault rules: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
        });
        return z.NEVER;
      }
      return result.data;
    })
    .describe('JSON array of fault rules for new connections')
    .prefault('[]'),
  REPLAY_HEARTBEAT_INTERVAL: durationField().prefault('1s'),
  REPLAY_PING_INTERVAL: durationField().prefault('20s'),
  REPLAY_IDLE_TIMEOUT: durationField().prefault('30s'),
  REPLAY_BACKPRESSURE_BYTES: integerField({ min: 65_536, max: 1_073_741_824 })
    .describe('socket buffer size above which the replay waits for a slow client')
    .prefault(String(4 * 1024 * 1024)),
});

export type AppConfig = z.output<typeof appConfigSchema>;
