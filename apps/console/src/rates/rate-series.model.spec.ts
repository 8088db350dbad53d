import { parsePrometheusText } from '@tickline/domain';

import { countersOf } from './message-rates.service';
import { RateSeries } from './rate-series.model';

describe('message rates', () => {
  it('turns counter readings into rates per second, bounded, starting over after a restart', () => {
    const series = new RateSeries(2);
    series.record(1_000, new Map([['ingested okx', 100]]));
    series.record(3_000, new Map([['ingested okx', 300]]));
    series.record(4_000, new Map([['ingested okx', 350]]));
    series.record(5_000, new Map([['ingested okx', 10]])); // the ingestor restarted
    expect(series.snapshot()).toEqual([
      {
        name: 'ingested okx',
        points: [
          { t: 4_000, v: 50 },
          { t: 5_000, v: 0 },
        ],
      },
    ]);
  });

  it('sums the ingestors per venue and reads the validator and cache counters', () => {
    const text = [
      'ingestor_messages_total{venue="okx",type="trade"} 3',
      'ingestor_messages_total{venue="okx",type="book_delta"} 4',
      'ingestor_messages_total{venue="okx",type="trade"} 5',
      'validator_events_accepted_total{venue="okx",type="trade"} 6',
      'cache_events_total{outcome="applied"} 7',
      'cache_events_total{outcome="covered"} 100',
      'process_cpu_seconds_total 12',
    ].join('\n');
    expect(countersOf(parsePrometheusText(text))).toEqual(
      new Map([
        ['ingested okx', 12],
        ['accepted okx', 6],
        ['cache applied', 7],
      ]),
    );
  });
});
