import { FaultInjector, type FaultAction } from './fault-injector';
import { faultSpecSchema, type FaultSpec } from './fault.schema';

function spec(input: Record<string, unknown>): FaultSpec {
  return faultSpecSchema.parse(input);
}

/** Runs frames `f0..f(n-1)` through the injector and lists what the connection would do. */
function run(injector: FaultInjector, count: number, stream = 's'): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    for (const action of injector.process(`f${i}`, stream)) {
      out.push(label(action));
    }
  }
  return out;
}

function label(action: FaultAction): string {
  switch (action.kind) {
    case 'send':
      return action.frame.binary ? 'binary' : String(action.frame.data);
    case 'disconnect':
      return `disconnect:${action.mode}`;
    case 'stall':
      return `stall:${action.durationMs}:${action.then}`;
  }
}

describe('FaultInjector', () => {
  it('passes frames untouched without faults', () => {
    expect(run(new FaultInjector(), 3)).toEqual(['f0', 'f1', 'f2']);
  });

  it('drop: skips `after` frames, then drops `count`', () => {
    const injector = new FaultInjector();
    injector.add('f1', spec({ type: 'drop', count: 2, after: 1 }));
    expect(run(injector, 5)).toEqual(['f0', 'f3', 'f4']);
    expect(injector.list()).toEqual([
      expect.objectContaining({ id: 'f1', type: 'drop', affected: 2, done: true }),
    ]);
  });

  it('duplicate and reorder', () => {
    const duplicate = new FaultInjector();
    duplicate.add('d', spec({ type: 'duplicate', count: 2 }));
    expect(run(duplicate, 3)).toEqual(['f0', 'f0', 'f1', 'f1', 'f2']);
    const reorder = new FaultInjector();
    reorder.add('r', spec({ type: 'reorder', count: 3, after: 1 }));
    expect(run(reorder, 6)).toEqual(['f0', 'f3', 'f2', 'f1', 'f4', 'f5']);
  });

  it('disconnect and stall hand the decision to the connection', () => {
    const disconnect = new FaultInjector();
    disconnect.add('x', spec({ type: 'disconnect', after: 2 }));
    expect(run(disconnect, 3)).toEqual(['f0', 'f1', 'disconnect:terminate']);
    const stall = new FaultInjector();
    stall.add('s', spec({ type: 'stall', durationMs: 500, then: 'discard' }));
    expect(run(stall, 2)).toEqual(['stall:500:discard', 'f0', 'f1']);
  });

  it('garbage: bad frames before the next frame; unknown-field rewrites frames instead', () => {
    const text = new FaultInjector();
    text.add('g', spec({ type: 'garbage', count: 2, after: 1 }));
    const out = run(text, 3);
    expect(out).toHaveLength(5);
    expect(out[0]).toBe('f0');
    expect(out[1]).toContain('garbage');
    expect(out[3]).toBe('f1');
    const binary = new FaultInjector();
    binary.add('b', spec({ type: 'garbage', variant: 'binary' }));
    expect(run(binary, 1)).toEqual(['binary', 'f0']);
    const unknown = new FaultInjector();
    unknown.add('u', spec({ type: 'garbage', variant: 'unknown-field', count: 2 }));
    const frames: string[] = [];
    for (const frame of ['{"a":1}', '[1,{}]', '{"a":3}']) {
      for (const action of unknown.process(frame, 's')) frames.push(label(action));
    }
    expect(frames.map((frame) => JSON.parse(frame) as unknown)).toEqual([
      { replayUnknownField: 1, a: 1 },
      [1, { replayUnknownField: 2 }],
      { a: 3 },
    ]);
  });

  it('only counts and touches frames of the fault stream', () => {
    const injector = new FaultInjector();
    injector.add('d', spec({ type: 'drop', count: 1, after: 1, stream: 'book' }));
    const out: string[] = [];
    for (const [frame, stream] of [
      ['t0', 'trades'],
      ['b0', 'book'],
      ['t1', 'trades'],
      ['b1', 'book'],
      ['b2', 'book'],
    ] as const) {
      for (const action of injector.process(frame, stream)) out.push(label(action));
    }
    expect(out).toEqual(['t0', 'b0', 't1', 'b2']);
  });

  it('runs faults in the order they were added, one per frame', () => {
    const injector = new FaultInjector();
    injector.add('a', spec({ type: 'drop', count: 1 }));
    injector.add('b', spec({ type: 'duplicate', count: 1 }));
    expect(run(injector, 3)).toEqual(['f1', 'f1', 'f2']);
  });

  it('defaults and validation', () => {
    expect(spec({ type: 'stall' })).toEqual({
      type: 'stall',
      durationMs: 5000,
      then: 'deliver',
      after: 0,
    });
    expect(faultSpecSchema.safeParse({ type: 'reorder', count: 1 }).success).toBe(false);
    expect(faultSpecSchema.safeParse({ type: 'explode' }).success).toBe(false);
  });
});
