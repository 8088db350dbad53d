/**
 * Spaces client frames so one connection never sends more than `perSecond` frames in any
 * second (venues disconnect clients that do). Pure: returns the delay of each frame from now.
 */
export function paceFrames(count: number, perSecond: number): number[] {
  const spacingMs = Math.ceil(1000 / Math.max(1, perSecond));
  return Array.from({ length: count }, (_, index) => index * spacingMs);
}
