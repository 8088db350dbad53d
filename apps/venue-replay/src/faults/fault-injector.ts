import type { FaultSpec, FaultType } from './fault.schema';
import { garbageFrame, type OutgoingFrame } from './garbage-frame.util';

/** What the connection does with one data frame after the faults had their say. */
export type FaultAction =
  | { readonly kind: 'send'; readonly frame: OutgoingFrame }
  | { readonly kind: 'disconnect'; readonly mode: 'terminate' | 'close' }
  /** Hold everything (this frame included) for `durationMs`, then deliver or discard it. */
  | { readonly kind: 'stall'; readonly durationMs: number; readonly then: 'deliver' | 'discard' };

export interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  /** Frames still to pass untouched before it fires. */
  waiting: number;
  /** Frames still to act on (drop, duplicate, garbage) or to collect (reorder). */
  remaining: number;
  /** Frames the fault has acted on so far. */
  affected: number;
  readonly held: OutgoingFrame[];
}

export interface FaultRecord {
  readonly id: string;
  readonly type: FaultType;
  readonly spec: FaultSpec;
  readonly affected: number;
  readonly done: boolean;
}

function send(data: string): FaultAction {
  return { kind: 'send', frame: { data, binary: false } };
}

/**
 * A connection's pending faults. Each data frame goes to the first unfinished fault whose stream
 * filter matches; a fault still counting down lets the frame through and it is offered to the
 * next one. Finished faults stay listed (with what they did) so tests can see they happened.
 */
export class FaultInjector {
  private readonly active: ActiveFault[] = [];
  private readonly finished: FaultRecord[] = [];
  private garbageSequence = 0;

  add(id: string, spec: FaultSpec): void {
    const remaining = 'count' in spec ? spec.count : 1;
    this.active.push({ id, spec, waiting: spec.after, remaining, affected: 0, held: [] });
  }

  get pending(): boolean {
    return this.active.length > 0;
  }

  /** Active and finished faults, oldest first. */
  list(): FaultRecord[] {
    return [
      ...this.finished,
      ...this.active.map((fault) => ({
        id: fault.id,
        type: fault.spec.type,
        spec: fault.spec,
        affected: fault.affected,
        done: false,
      })),
    ];
  }

  clear(): void {
    this.active.length = 0;
  }

  process(text: string, streamKey: string): FaultAction[] {
    for (const fault of this.active) {
      if (fault.spec.stream !== undefined && fault.spec.stream !== streamKey) {
        continue;
      }
      if (fault.waiting > 0) {
        fault.waiting -= 1;
        continue;
      }
      return this.apply(fault, text);
    }
    return [send(text)];
  }

  private apply(fault: ActiveFault, text: string): FaultAction[] {
    const spec = fault.spec;
    fault.affected += 1;
    switch (spec.type) {
      case 'drop':
        this.consume(fault);
        return [];
      case 'duplicate':
        this.consume(fault);
        return [send(text), send(text)];
      case 'reorder': {
        fault.held.push({ data: text, binary: false });
        if (fault.held.length < spec.count) {
          return [];
        }
        this.finish(fault);
        return fault.held.reverse().map((frame) => ({ kind: 'send', frame }));
      }
      case 'disconnect':
        this.finish(fault);
        return [{ kind: 'disconnect', mode: spec.mode }];
      case 'stall':
        this.finish(fault);
        return [{ kind: 'stall', durationMs: spec.durationMs, then: spec.then }, send(text)];
      case 'garbage': {
        if (spec.variant === 'unknown-field') {
          // The next `count` frames themselves carry an unknown field (nothing is lost).
          this.consume(fault);
          return [
            { kind: 'send', frame: garbageFrame('unknown-field', text, ++this.garbageSequence) },
          ];
        }
        this.finish(fault);
        const bad: FaultAction[] = [];
        for (let i = 0; i < spec.count; i += 1) {
          bad.push({
            kind: 'send',
            frame: garbageFrame(spec.variant, text, ++this.garbageSequence),
          });
        }
        fault.affected = spec.count;
        return [...bad, send(text)];
      }
    }
  }

  private consume(fault: ActiveFault): void {
    fault.remaining -= 1;
    if (fault.remaining <= 0) {
      this.finish(fault);
    }
  }

  private finish(fault: ActiveFault): void {
    const index = this.active.indexOf(fault);
    if (index >= 0) {
      this.active.splice(index, 1);
    }
    this.finished.push({
      id: fault.id,
      type: fault.spec.type,
      spec: fault.spec,
      affected: fault.affected,
      done: true,
    });
  }
}
