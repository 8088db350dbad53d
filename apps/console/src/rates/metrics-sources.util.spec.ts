import { metricsSourcesSchema } from './metrics-sources.util';

describe('metrics sources', () => {
  it('reads name=url pairs', () => {
    expect(
      metricsSourcesSchema.parse(
        'ingestor=http://127.0.0.1:3300/metrics, cache=http://h:3500/metrics',
      ),
    ).toEqual([
      { name: 'ingestor', url: 'http://127.0.0.1:3300/metrics' },
      { name: 'cache', url: 'http://h:3500/metrics' },
    ]);
  });

  it('names the part that is wrong', () => {
    const result = metricsSourcesSchema.safeParse('ingestor=ftp://x');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('"ingestor=ftp://x"');
  });
});
