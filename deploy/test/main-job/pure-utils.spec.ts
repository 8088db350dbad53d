import { join } from 'node:path';

import { withSchema } from '../../main-job/database-url.util';
import { revisionsSince } from '../../main-job/export.step';
import { describeGaps, formatReport, type MainJobReport } from '../../main-job/report';
import { parseEnvLines } from '../../main-job/stack-env.util';
import { recordedMarkets, subscriptionDocument } from '../../main-job/subscriptions.util';

const RECORDINGS = join(__dirname, '..', '..', '..', 'apps', 'venue-replay', 'recordings');

describe('main job helpers', () => {
  it('reads the stack settings, shell quoting included', () => {
    expect(
      parseEnvLines(
        "KAFKA_BROKERS=127.0.0.1:19092\nexport S3_SECRET_ACCESS_KEY='a'\\''b c'\nnoise",
      ),
    ).toEqual({
      KAFKA_BROKERS: '127.0.0.1:19092',
      S3_SECRET_ACCESS_KEY: "a'b c",
    });
  });

  it('puts the publisher tables in their own schema', () => {
    expect(withSchema('postgresql://u:p@127.0.0.1:15432/tickline', 'main_job')).toBe(
      'postgresql://u:p@127.0.0.1:15432/tickline?schema=main_job',
    );
  });

  it('subscribes each replica to every recorded market, behind its own tag', () => {
    const markets = recordedMarkets(RECORDINGS, ['binance', 'okx']);
    expect(markets.map((m) => [m.venue, m.symbols.length, m.synthetic])).toEqual([
      ['binance', 4, false],
      ['okx', 3, false],
    ]);
    const doc = subscriptionDocument(markets, '127.0.0.1:3400', 'replica');
    expect(doc.venues[0]).toEqual({
      venue: 'binance',
      options: {
        wsUrl: 'ws://127.0.0.1:3400/t/replica/binance',
        restUrl: 'http://127.0.0.1:3400/t/replica/binance',
        tradeStream: 'aggTrade',
      },
      symbols: ['BLZETH', 'LRCBTC', 'NKNUSDT', 'RUNEEUR'],
      types: ['trade', 'book_delta', 'book_snapshot'],
    });
    expect(doc.venues[1]).toMatchObject({
      options: { wsUrl: 'ws://127.0.0.1:3400/t/replica/okx/ws/v5/public' },
    });
  });

  it('reports gaps with where they were and what was missing', () => {
    const gaps = describeGaps([
      {
        kind: 'gap',
        severity: 'critical',
        service: 'ingestor',
        instance: 'ingestor-primary-0',
        venue: 'binance',
        symbol: 'NKNUSDT',
        message: 'gap',
        detail: { expected: 10, received: 13 },
      },
      { kind: 'resync', severity: 'info', service: 'ingestor', message: 'resync' },
    ]);
    expect(gaps).toEqual([
      'binance:NKNUSDT expected 10, received 13 (ingestor ingestor-primary-0)',
    ]);
  });

  it('prints every part of the report, and what was unavailable', () => {
    const report: MainJobReport = {
      date: '2026-11-27',
      venues: [
        {
          venue: 'okx',
          markets: ['BTC-USDT'],
          messagesPrimary: 10,
          messagesReplica: 9,
          accepted: 10,
        },
      ],
      gaps: [],
      lake: { canonical: 3, partial: 2, dedupHits: 1 },
      publish: {
        runs: [
          {
            id: 'r1',
            dataSet: 'okx-trades',
            status: 'SUCCEEDED',
            step: 'DONE',
            rowCount: 42,
            revisionArn: 'arn:aws:dataexchange:us-east-1:1:data-sets/d/revisions/r',
          },
        ],
      },
      exports: { unavailable: 'the exporter (apps/exporter) is not there yet', buckets: [] },
      consoleUrl: 'http://127.0.0.1:3800/',
      unavailable: ['exporter'],
    };
    const text = formatReport(report);
    expect(text).toContain('okx       1 markets');
    expect(text).toContain('Lake windows written: 3 canonical, 2 partial; dedup hits: 1');
    expect(text).toMatch(
      /okx-trades\s+SUCCEEDED\s+42 rows\s+arn:aws:dataexchange:us-east-1:1:data-sets\/d\/revisions\/r/,
    );
    expect(text).toContain('unavailable: the exporter (apps/exporter) is not there yet');
    expect(text).toContain('Operator console: http://127.0.0.1:3800/');
  });
});

describe('exports of the published revisions', () => {
  const catalog = {
    dataSets: [
      {
        name: 'okx-trades',
        revisions: [
          { id: 'old', createdAt: '2026-11-28T00:59:00.000Z', exports: [] },
          {
            id: 'new',
            createdAt: '2026-11-28T01:05:00.000Z',
            exports: [{ status: 'SUCCEEDED', bucket: 'sub' }],
          },
        ],
      },
      {
        name: 'kraken-trades',
        revisions: [{ id: 'k', createdAt: '2026-11-28T00:30:00.000Z', exports: [] }],
      },
    ],
  };

  it('finds each data set by name and its revision created during the run', () => {
    expect(
      revisionsSince(catalog, ['okx-trades', 'kraken-trades'], new Date('2026-11-28T01:00:00Z')),
    ).toEqual([
      {
        dataSet: 'okx-trades',
        revisionId: 'new',
        exports: [{ status: 'SUCCEEDED', bucket: 'sub' }],
      },
    ]);
  });
});
