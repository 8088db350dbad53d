import { ProbeRegistry } from './probe-registry.service';

describe('ProbeRegistry', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('is ready when every probe answers', async () => {
    const registry = new ProbeRegistry();
    registry.register({ name: 'kafka', check: async () => undefined });
    registry.register({ name: 'database', check: () => Promise.resolve('SELECT 1 -> 1') });
    const report = await registry.evaluate({ defaultTimeoutMs: 1_000, draining: false });
    expect(report.status).toBe('ready');
    expect(report.failing).toEqual([]);
    expect(Object.keys(report.checks)).toEqual(['kafka', 'database']);
    expect(report.checks['kafka']?.status).toBe('up');
  });

  it('is ready with no probes registered', async () => {
    const report = await new ProbeRegistry().evaluate({ defaultTimeoutMs: 1_000, draining: false });
    expect(report).toEqual({ status: 'ready', failing: [], checks: {} });
  });

  it('names each failing dependency and why', async () => {
    const registry = new ProbeRegistry();
    registry.register({ name: 'kafka', check: async () => undefined });
    registry.register({
      name: 's3',
      check: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
          code: 'ECONNREFUSED',
        });
      },
    });
    registry.register({
      name: 'database',
      check: async () => {
        throw Object.assign(new Error('password authentication failed'), { code: 'P1000' });
      },
    });
    const report = await registry.evaluate({ defaultTimeoutMs: 1_000, draining: false });
    expect(report.status).toBe('not_ready');
    expect(report.failing).toEqual(['s3', 'database']);
    expect(report.checks['s3']).toMatchObject({
      status: 'down',
      error: 'connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(report.checks['database']).toMatchObject({
      status: 'down',
      error: 'P1000: password authentication failed',
    });
    expect(report.checks['kafka']?.status).toBe('up');
  });

  it('counts a probe that does not answer in time as down', async () => {
    jest.useFakeTimers();
    const registry = new ProbeRegistry();
    registry.register({ name: 'kafka', check: () => new Promise(() => undefined) });
    registry.register({
      name: 'slow-but-allowed',
      check: () => new Promise((r) => setTimeout(r, 4_000)),
      timeoutMs: 5_000,
    });
    const pending = registry.evaluate({ defaultTimeoutMs: 2_000, draining: false });
    await jest.advanceTimersByTimeAsync(5_000);
    const report = await pending;
    expect(report.failing).toEqual(['kafka']);
    expect(report.checks['kafka']?.error).toBe('no answer within 2000 ms');
    expect(report.checks['slow-but-allowed']?.status).toBe('up');
  });

  it('reports draining without calling the probes', async () => {
    const registry = new ProbeRegistry();
    const check = jest.fn(async () => undefined);
    registry.register({ name: 'kafka', check });
    const report = await registry.evaluate({ defaultTimeoutMs: 1_000, draining: true });
    expect(report.status).toBe('draining');
    expect(check).not.toHaveBeenCalled();
  });

  it('rejects duplicate names and can unregister', async () => {
    const registry = new ProbeRegistry();
    const unregister = registry.register({ name: 'kafka', check: async () => undefined });
    expect(() => registry.register({ name: 'kafka', check: async () => undefined })).toThrow(
      'A readiness probe named "kafka" is already registered.',
    );
    unregister();
    expect(registry.names()).toEqual([]);
  });
});
