import { type ActiveRun, compareRevisionOrder, runnableRuns } from './export-order.util';

const t = (seconds: number) => new Date(Date.UTC(2026, 10, 28, 0, 0, seconds));
const NOW = t(100);
const LEASE = 60_000;

function run(overrides: Partial<ActiveRun> & Pick<ActiveRun, 'id'>): ActiveRun {
  return {
    subscriptionId: 'sub-a',
    status: 'PENDING',
    exchangeRevisionId: `rev-${overrides.id}`,
    revisionCreatedAt: t(0),
    createdAt: t(50),
    nextAttemptAt: null,
    updatedAt: t(50),
    ...overrides,
  };
}

describe('runnableRuns', () => {
  it("starts only a subscription's oldest revision, whatever order the runs were created in", () => {
    const runs = [
      run({ id: 'r3', revisionCreatedAt: t(3), createdAt: t(10) }),
      run({ id: 'r1', revisionCreatedAt: t(1), createdAt: t(30) }),
      run({ id: 'r2', revisionCreatedAt: t(2), createdAt: t(20) }),
    ];
    expect(runnableRuns(runs, NOW, LEASE).map((r) => r.id)).toEqual(['r1']);
  });

  it('keeps later revisions waiting behind an earlier one that is retrying', () => {
    const runs = [
      run({ id: 'r1', revisionCreatedAt: t(1), nextAttemptAt: t(200), error: 'x' } as never),
      run({ id: 'r2', revisionCreatedAt: t(2) }),
    ];
    expect(runnableRuns(runs, NOW, LEASE)).toEqual([]);
    expect(runnableRuns(runs, t(200), LEASE).map((r) => r.id)).toEqual(['r1']);
  });

  it('starts nothing of a subscription while one of its runs is live or in flight here', () => {
    const live = [
      run({ id: 'r1', status: 'RUNNING', revisionCreatedAt: t(1), updatedAt: t(90) }),
      run({ id: 'r2', revisionCreatedAt: t(2) }),
    ];
    expect(runnableRuns(live, NOW, LEASE)).toEqual([]);
    const pending = [run({ id: 'r1', revisionCreatedAt: t(1) })];
    expect(runnableRuns(pending, NOW, LEASE, new Set(['r1']))).toEqual([]);
  });

  it('resumes a RUNNING run whose lease ran out (its process died)', () => {
    const runs = [
      run({ id: 'r1', status: 'RUNNING', revisionCreatedAt: t(1), updatedAt: t(10) }),
      run({ id: 'r2', revisionCreatedAt: t(2) }),
    ];
    expect(runnableRuns(runs, NOW, LEASE).map((r) => r.id)).toEqual(['r1']);
  });

  it('runs subscriptions independently, the most recently created run first', () => {
    const runs = [
      run({ id: 'b1', subscriptionId: 'sub-b', revisionCreatedAt: t(5), createdAt: t(20) }),
      run({ id: 'a2', revisionCreatedAt: t(7), createdAt: t(31) }),
      run({ id: 'a1', revisionCreatedAt: t(6), createdAt: t(30) }),
      run({ id: 'c1', subscriptionId: 'sub-c', revisionCreatedAt: t(1), nextAttemptAt: t(500) }),
    ];
    // One run per subscription; across them the newest work first, so no backlog holds up another.
    expect(runnableRuns(runs, NOW, LEASE).map((r) => r.id)).toEqual(['a1', 'b1']);
  });

  it('orders equal creation times by revision id and falls back to the row time when unknown', () => {
    const a = run({ id: 'x', exchangeRevisionId: 'a', revisionCreatedAt: t(1) });
    const b = run({ id: 'y', exchangeRevisionId: 'b', revisionCreatedAt: t(1) });
    expect(compareRevisionOrder(a, b)).toBeLessThan(0);
    expect(compareRevisionOrder(b, a)).toBeGreaterThan(0);
    const unknown = run({ id: 'z', revisionCreatedAt: null, createdAt: t(0) });
    expect(compareRevisionOrder(unknown, a)).toBeLessThan(0);
  });
});
