import { scanJsonScalars } from '../recording/json-scan.util';
import { shiftIdText, shiftTimeText, type TimeFormat } from './time-format.util';

/** What a scalar inside a frame is, for rewriting: an exchange timestamp or a loop-offset id. */
export type SlotKind =
  | { readonly kind: 'time'; readonly format: TimeFormat }
  /** `family` groups ids that count together (a market's book sequence, its trade ids). */
  | { readonly kind: 'id'; readonly family: string };

/** A rewritable scalar: its kind, its path in the frame and its character span. */
export type Slot = SlotKind & {
  readonly path: string;
  readonly start: number;
  readonly end: number;
};

/** Decides, from a scalar's path and the parsed frame, whether that scalar gets rewritten. */
export type SlotRule = (path: string, frame: unknown) => SlotKind | undefined;

/** How to rewrite a frame: whole seconds for every timestamp, an offset per id family. */
export interface FrameShift {
  readonly seconds: number;
  idOffset(family: string): number;
}

export const NO_SHIFT: FrameShift = { seconds: 0, idOffset: () => 0 };

export function isNoShift(shift: FrameShift, families: readonly string[]): boolean {
  return shift.seconds === 0 && families.every((family) => shift.idOffset(family) === 0);
}

/** The rewritable scalars of one frame, in text order. */
export function findSlots(text: string, frame: unknown, rule: SlotRule): Slot[] {
  const slots: Slot[] = [];
  for (const span of scanJsonScalars(text)) {
    const kind = rule(span.path, frame);
    if (kind) {
      slots.push({ ...kind, path: span.path, start: span.start, end: span.end });
    }
  }
  return slots;
}

/** The frame with its slots rewritten; every other character stays as it was. */
export function rewriteFrame(text: string, slots: readonly Slot[], shift: FrameShift): string {
  if (slots.length === 0) {
    return text;
  }
  let out = '';
  let cursor = 0;
  for (const slot of slots) {
    const original = text.slice(slot.start, slot.end);
    const replaced =
      slot.kind === 'time'
        ? shiftTimeText(original, slot.format, shift.seconds)
        : shiftIdText(original, shift.idOffset(slot.family));
    out += text.slice(cursor, slot.start) + replaced;
    cursor = slot.end;
  }
  return out + text.slice(cursor);
}
