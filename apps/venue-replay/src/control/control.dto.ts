import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { speedField } from '../clock/replay-speed.util';
import { faultRuleSchema } from '../faults/fault.schema';
import { START_MODES } from '../replay/venue-session';
import { timeShiftField } from '../time/time-shift.util';

/** PATCH body: any of the replay settings. Speed and loop apply at once; the others restart. */
export const settingsSchema = z.strictObject({
  speed: speedField().optional(),
  loop: z.boolean().optional(),
  timeShift: timeShiftField().optional(),
  start: z.enum(START_MODES).optional(),
});
export class SettingsDto extends createZodDto(settingsSchema) {}

export const loadRecordingsSchema = z.strictObject({
  /** Recording or capture files (or directories) on the server's disk. */
  paths: z.array(z.string().min(1)).min(1),
});
export class LoadRecordingsDto extends createZodDto(loadRecordingsSchema) {}

export class FaultRuleDto extends createZodDto(faultRuleSchema) {}
