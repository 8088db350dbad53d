import { parsePrometheusText, sumByLabel, sumOf } from './prometheus-text.util';

describe('Prometheus text', () => {
  const samples = parsePrometheusText(
    [
      '# HELP ingestor_messages_total envelopes',
      'ingestor_messages_total{venue="okx",type="trade"} 3',
      'ingestor_messages_total{venue="okx",type="book_delta"} 4',
      'ingestor_messages_total{venue="kraken",type="trade"} 5',
      'ingestor_messages_total 1',
      'ingestor_lake_dedup_hits_total{venue="okx",verification="identical"} 2',
      'process_start_time_seconds NaN',
    ].join('\n'),
  );

  it('sums a metric by one label, unlabelled samples under ""', () => {
    expect([...sumByLabel(samples, 'ingestor_messages_total', 'venue')]).toEqual([
      ['okx', 7],
      ['kraken', 5],
      ['', 1],
    ]);
  });

  it('sums every sample of a metric, 0 for a missing one, skipping non-finite values', () => {
    expect(sumOf(samples, 'ingestor_lake_dedup_hits_total')).toBe(2);
    expect(sumOf(samples, 'ingestor_messages_total')).toBe(13);
    expect(sumOf(samples, 'absent_total')).toBe(0);
    expect(samples.some((s) => s.name === 'process_start_time_seconds')).toBe(false);
  });
});
