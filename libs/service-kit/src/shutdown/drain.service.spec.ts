import { Logger } from '@nestjs/common';

import { DrainService } from './drain.service';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('DrainService', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs callbacks by order, then by registration', async () => {
    const drain = new DrainService(1_000);
    const calls: string[] = [];
    drain.register('flush-batches', () => void calls.push('flush-batches'), { order: 50 });
    drain.register(
      'stop-consumer',
      async () => {
        await Promise.resolve();
        calls.push('stop-consumer');
      },
      { order: 10 },
    );
    drain.register('release-a', () => void calls.push('release-a'));
    drain.register('release-b', () => void calls.push('release-b'));

    const reports = await drain.drain();

    expect(calls).toEqual(['stop-consumer', 'flush-batches', 'release-a', 'release-b']);
    expect(reports.map((r) => [r.name, r.outcome])).toEqual([
      ['stop-consumer', 'drained'],
      ['flush-batches', 'drained'],
      ['release-a', 'drained'],
      ['release-b', 'drained'],
    ]);
  });

  it('waits for each callback before starting the next', async () => {
    const drain = new DrainService(1_000);
    const first = deferred();
    const calls: string[] = [];
    drain.register('first', async () => {
      calls.push('first:start');
      await first.promise;
      calls.push('first:end');
    });
    drain.register('second', () => void calls.push('second'));

    const done = drain.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['first:start']);
    first.resolve();
    await done;
    expect(calls).toEqual(['first:start', 'first:end', 'second']);
  });

  it('gives up on a callback after its timeout and still runs the rest', async () => {
    jest.useFakeTimers();
    const drain = new DrainService(5_000);
    const calls: string[] = [];
    drain.register('stuck', () => new Promise<void>(() => undefined), { timeoutMs: 2_000 });
    drain.register('after', () => void calls.push('after'));

    const done = drain.drain();
    await jest.advanceTimersByTimeAsync(1_999);
    expect(calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    const reports = await done;

    expect(calls).toEqual(['after']);
    expect(reports[0]).toMatchObject({
      name: 'stuck',
      outcome: 'timed-out',
      error: 'did not finish within 2000 ms',
    });
    expect(reports[1]).toMatchObject({ name: 'after', outcome: 'drained' });
  });

  it('uses the default timeout when a callback sets none', async () => {
    jest.useFakeTimers();
    const drain = new DrainService(3_000);
    drain.register('stuck', () => new Promise<void>(() => undefined));
    const done = drain.drain();
    await jest.advanceTimersByTimeAsync(3_000);
    expect((await done)[0]?.outcome).toBe('timed-out');
  });

  it('records a failing callback (sync or async) and continues', async () => {
    const drain = new DrainService(1_000);
    drain.register('throws', () => {
      throw new Error('boom');
    });
    drain.register('rejects', () => Promise.reject(new Error('nope')));
    drain.register('fine', () => undefined);
    const reports = await drain.drain();
    expect(reports.map((r) => [r.name, r.outcome, r.error])).toEqual([
      ['throws', 'failed', 'boom'],
      ['rejects', 'failed', 'nope'],
      ['fine', 'drained', undefined],
    ]);
  });

  it('flips to draining at once and runs callbacks only once', async () => {
    const drain = new DrainService(1_000);
    const callback = jest.fn();
    drain.register('once', callback);
    expect(drain.draining).toBe(false);
    const first = drain.drain();
    expect(drain.draining).toBe(true);
    const second = drain.drain();
    expect(await second).toBe(await first);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('forgets an unregistered callback', async () => {
    const drain = new DrainService(1_000);
    const callback = jest.fn();
    const unregister = drain.register('gone', callback);
    unregister();
    expect(await drain.drain()).toEqual([]);
    expect(callback).not.toHaveBeenCalled();
  });
});
