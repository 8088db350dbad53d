import type { BookLevel, Envelope, ReplicaNeutralEnvelope } from '@tickline/domain';
import { collectLakeObject } from '@tickline/lake';
import { OrderBook, venueChecksum } from '@tickline/order-book';
import {
  createBucket,
  deleteBucket,
  listKeys,
  type ReplayVenue,
  ReplayServer,
  ServiceProcess,
  stackS3Client,
  startIngestorReplicas,
  stopAll,
  uniqueBucket,
  until,
} from '@tickline/testing';

import type { BookView, MarketSummary } from '../src/market-state/market-state.types';
import {
  createTopics,
  deleteTopics,
  kafkaClient,
  stackKafkaBrokers,
  uniqueRunId,
} from './cache-stack.util';

// The whole pipeline on the real stack, every service its own process: the venue replay server
// plays recorded Binance, Kraken and OKX sessions to two ingestor replicas, which both publish
// to the raw topic and write the lake; the validator turns the raw topic into the valid topic;
// two cache replicas build their books from it. Checked: the valid topic holds each event once
// and in sequence order per market; both caches answer for every market with the same book,
// equal to the book rebuilt independently from the lake, whose venue checksums verify; a
// restarted cache comes back to the same state from its snapshot topic plus the tail.

jest.setTimeout(600_000);

const SUBSCRIPTIONS: readonly {
  venue: ReplayVenue;
  symbols: string[];
  types: string[];
  options?: Record<string, string>;
}[] = [
  {
    venue: 'binance',
    symbols: ['NKNUSDT', 'BLZETH', 'LRCBTC', 'RUNEEUR'],
    types: ['trade', 'book_delta', 'book_snapshot'],
    options: { tradeStream: 'aggTrade' },
  },
  {
    venue: 'kraken',
    symbols: ['WAVES/EUR', 'XMR/USD', 'KSM/XBT', 'GRT/ETH', 'SC/EUR'],
    types: ['trade', 'book_delta'],
  },
  { venue: 'okx', symbols: ['UNI-USD-SWAP', 'BTC-USDT'], types: ['trade', 'book_delta'] },
];

/** An event without what differs between the two ingesters' copies of it. */
function identityOf(event: Envelope | ReplicaNeutralEnvelope): string {
  const { receiveTimeUs: _r, ingesterId: _i, system: _s, ...rest } = event as Envelope;
  return JSON.stringify(rest);
}

/** Where a book event sits in its market's sequence (Kraken has none: exchange time). */
function bookPosition(event: Envelope | ReplicaNeutralEnvelope): number {
  if (event.type === 'trade') throw new Error('not a book event');
  return event.seqId ?? event.lastUpdateId ?? event.exchangeTimeUs;
}

function sequenceOf(events: readonly (Envelope | ReplicaNeutralEnvelope)[]): string {
  return JSON.stringify(
    events.flatMap((e) =>
      e.type === 'trade'
        ? []
        : [
            [
              e.type,
              'ingesterId' in e ? e.ingesterId : '',
              bookPosition(e),
              e.payload.bids.length + e.payload.asks.length,
            ],
          ],
    ),
  );
}

function levelsOf(book: OrderBook): { bids: BookLevel[]; asks: BookLevel[] } {
  return { bids: book.levels('bids', Infinity), asks: book.levels('asks', Infinity) };
}

describe('the pipeline end to end: replay -> two ingestors -> validator -> two caches', () => {
  const brokers = stackKafkaBrokers();
  const runId = uniqueRunId('pipeline-e2e');
  const topics = {
    raw: `${runId}.raw`,
    valid: `${runId}.valid`,
    dlq: `${runId}.dlq`,
    alerts: `${runId}.alerts`,
    snapshots: `${runId}.snapshots`,
  };
  const bucket = uniqueBucket('pipeline-e2e');
  const s3 = stackS3Client();
  const kafka = kafkaClient(brokers);
  let replay: ReplayServer | undefined;
  let ingestors: ServiceProcess[] = [];
  let validator: ServiceProcess | undefined;
  const caches: ServiceProcess[] = [];

  const cacheEnv = (id: string) => ({
    LOG_LEVEL: 'warn',
    CACHE_INSTANCE_ID: id,
    CACHE_VALID_TOPIC: topics.valid,
    CACHE_SNAPSHOT_TOPIC: topics.snapshots,
    CACHE_GROUP_PREFIX: runId,
    CACHE_SNAPSHOT_INTERVAL: '1s',
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
  });

  const marketsOf = async (cache: ServiceProcess) =>
    (await cache.get<{ markets: MarketSummary[] }>('/v1/markets')).markets;
  const appliedBy = async (cache: ServiceProcess) =>
    (await marketsOf(cache)).reduce((sum, market) => sum + market.eventCount, 0);
  const bookOf = (cache: ServiceProcess, venue: string, symbol: string) =>
    cache.get<BookView>(`/v1/markets/${venue}/${encodeURIComponent(symbol)}/book`);

  beforeAll(async () => {
    await createTopics(kafka, [topics.raw]);
    await createTopics(kafka, [topics.valid, topics.snapshots]);
    await createBucket(s3, bucket);
    replay = await ReplayServer.start({ venues: ['binance', 'kraken', 'okx'] });
    validator = await ServiceProcess.start({
      name: 'validator',
      app: 'validator',
      env: {
        LOG_LEVEL: 'warn',
        VALIDATOR_RAW_TOPIC: topics.raw,
        VALIDATOR_VALID_TOPIC: topics.valid,
        VALIDATOR_DEAD_LETTER_TOPIC: topics.dlq,
        VALIDATOR_ALERTS_TOPIC: topics.alerts,
        VALIDATOR_GROUP_ID: `${runId}.validator`,
        VALIDATOR_TRANSACTIONAL_ID_PREFIX: `${runId}.validator`,
        // The recordings are years old and replayed without a time shift.
        VALIDATOR_MAX_EVENT_AGE: '100000h',
      },
    });
    for (const id of ['cache-a', 'cache-b']) {
      caches.push(await ServiceProcess.start({ name: id, app: 'cache', env: cacheEnv(id) }));
    }
    const server = replay;
    const subscriptions = (tag: string) => ({
      venues: SUBSCRIPTIONS.map(({ venue, symbols, types, options }) => ({
        venue,
        symbols,
        types,
        options: { ...server.venueOptions(venue, tag), ...options },
      })),
    });
    ingestors = await startIngestorReplicas(
      ['ingestor-a', 'ingestor-b'].map((id) => ({
        id,
        subscriptions: subscriptions(id),
        rawTopic: topics.raw,
        alertTopic: topics.alerts,
        lakeBucket: bucket,
        env: { INGESTOR_SNAPSHOT_INTERVAL: '0', INGESTOR_LAKE_IDLE_CLOSE_AFTER: '0' },
      })),
    );
  });

  afterAll(async () => {
    await stopAll([...ingestors, validator, ...caches, replay]);
    await deleteTopics(kafka, Object.values(topics));
    await deleteBucket(s3, bucket).catch(() => undefined);
  });

  it('valid topic once and in order; both caches equal to the lake rebuild; checksums; restart', async () => {
    const server = replay as ReplayServer;
    // One trade and one book stream per market, from each of the two ingesters.
    for (const { venue, symbols } of SUBSCRIPTIONS) {
      await server.waitForSubscriptions(venue, 2 * 2 * symbols.length);
    }
    for (const { venue } of SUBSCRIPTIONS) {
      await server.update(venue, { speed: 10 });
      await server.control(venue, 'start');
    }
    for (const { venue } of SUBSCRIPTIONS) await server.waitForEnd(venue);

    // Quiet: the ingesters have published everything, the validator has committed all of it,
    // and both caches have applied the same number of events for a few seconds.
    const raw = await readAll(topics.raw, 1);
    const admin = kafka.admin();
    await admin.connect();
    const rawEnds = await admin.fetchTopicOffsets(topics.raw);
    await until(
      'the validator to commit the whole raw topic',
      async () => {
        const [committed] = await admin.fetchOffsets({
          groupId: `${runId}.validator`,
          topics: [topics.raw],
        });
        // A partition without records has high 0 and no committed offset (-1).
        return rawEnds.every(
          (end) =>
            Math.max(
              0,
              Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset),
            ) === Number(end.high),
        );
      },
      180_000,
    );
    await admin.disconnect();
    let last = -1;
    let stableSince = Date.now();
    await until(
      'both caches to settle',
      async () => {
        const [a, b] = await Promise.all(caches.map(appliedBy));
        if (a !== b || a !== last) {
          last = a === b ? (a as number) : -1;
          stableSince = Date.now();
          return false;
        }
        return a > 0 && Date.now() - stableSince > 3_000;
      },
      180_000,
    );

    // The valid topic: each event once, in sequence order per market.
    const valid = await readAll(topics.valid, last);
    expect(valid).toHaveLength(last);
    const identities = new Set(valid.map(identityOf));
    expect(identities.size).toBe(valid.length);
    const lastPosition = new Map<string, number>();
    const lastTrade = new Map<string, number>();
    for (const event of valid) {
      const id = `${event.venue}:${event.symbol}`;
      if (event.type === 'trade') {
        if (event.venue === 'binance') {
          const tradeId = Number(event.payload.tradeId);
          expect([id, tradeId > (lastTrade.get(id) ?? -1)]).toEqual([id, true]);
          lastTrade.set(id, tradeId);
        }
        continue;
      }
      if (event.venue === 'kraken') continue;
      // Deltas move strictly forward; a snapshot may restate the position it is taken at.
      const position = bookPosition(event);
      const previous = lastPosition.get(id) ?? -1;
      const inOrder = event.type === 'book_snapshot' ? position >= previous : position > previous;
      expect([id, event.type, position, inOrder]).toEqual([id, event.type, position, true]);
      lastPosition.set(id, position);
    }
    // Every trade and delta of the raw topic made it once, though the raw topic has copies.
    // Snapshots may be missing: an ingester's snapshot older than the market's position (the
    // other ingester got further first) is dropped as stale or, when the market had no
    // snapshot yet, rolled forward to the position of a delta it follows.
    expect(raw.length).toBeGreaterThan(valid.length);
    const rawIdentities = new Set(raw.map(identityOf));
    const deltaPositions = new Set(
      raw.flatMap((e) =>
        e.type === 'book_delta' ? [`${e.venue}:${e.symbol}@${bookPosition(e)}`] : [],
      ),
    );
    const notRaw = valid.filter((event) => !rawIdentities.has(identityOf(event)));
    expect(
      notRaw.filter(
        (e) =>
          e.type !== 'book_snapshot' ||
          !deltaPositions.has(`${e.venue}:${e.symbol}@${bookPosition(e)}`),
      ),
    ).toEqual([]);
    // A delta may also be missing when a valid snapshot covers it: the REST snapshot can be
    // taken ahead of what the ingesters' connections have delivered.
    const snapshotPosition = new Map<string, number>();
    for (const e of valid) {
      const id = `${e.venue}:${e.symbol}`;
      if (e.type === 'book_snapshot') {
        snapshotPosition.set(id, Math.max(snapshotPosition.get(id) ?? -1, bookPosition(e)));
      }
    }
    const notValid = raw.filter((event) => !identities.has(identityOf(event)));
    expect(
      notValid.filter(
        (e) =>
          e.type === 'trade' ||
          (e.type === 'book_delta' &&
            bookPosition(e) > (snapshotPosition.get(`${e.venue}:${e.symbol}`) ?? -1)),
      ),
    ).toEqual([]);

    // The lake: stop the ingesters so they write their open windows, then rebuild every book.
    await stopAll(ingestors);
    const lakeEvents = new Map<string, ReplicaNeutralEnvelope>();
    for (const key of await listKeys(s3, bucket, 'raw/')) {
      if (!key.includes('/book_')) continue;
      const { events, issues } = await collectLakeObject(s3, bucket, key);
      expect(issues).toEqual([]);
      for (const event of events) lakeEvents.set(identityOf(event), event);
    }
    const rebuilt = new Map<string, OrderBook>();
    const byMarket = new Map<string, ReplicaNeutralEnvelope[]>();
    for (const event of lakeEvents.values()) {
      const id = `${event.venue}:${event.symbol}`;
      byMarket.set(id, [...(byMarket.get(id) ?? []), event]);
    }
    for (const [id, events] of byMarket) {
      // Snapshots before deltas at the same position (a Kraken snapshot and its first update).
      events.sort(
        (a, b) =>
          bookPosition(a) - bookPosition(b) ||
          (a.type === 'book_snapshot' ? 0 : 1) - (b.type === 'book_snapshot' ? 0 : 1),
      );
      const book = new OrderBook();
      for (const event of events) if (event.type !== 'trade') book.applyEnvelope(event);
      rebuilt.set(id, book);
    }

    const bookMarkets = SUBSCRIPTIONS.flatMap(({ venue, symbols }) =>
      symbols.map((symbol) => ({ venue, symbol, id: `${venue}:${symbol}` })),
    );
    expect([...rebuilt.keys()].sort()).toEqual(bookMarkets.map((m) => m.id).sort());
    let checksumsVerified = 0;
    for (const cache of caches) {
      expect((await marketsOf(cache)).map((m) => m.id).sort()).toEqual(
        [...new Set(valid.map((e) => `${e.venue}:${e.symbol}`))].sort(),
      );
      for (const { venue, symbol, id } of bookMarkets) {
        const view = await bookOf(cache, venue, symbol);
        const book = rebuilt.get(id) as OrderBook;
        if (
          JSON.stringify({ bids: view.bids, asks: view.asks }) !== JSON.stringify(levelsOf(book))
        ) {
          // The order of book events on each side, to tell a pipeline fault from a rebuild fault.
          process.stdout.write(
            `${id} differs; valid topic [type, ingester, position, levels]: ${sequenceOf(
              valid.filter((e) => `${e.venue}:${e.symbol}` === id),
            )}; lake: ${sequenceOf(byMarket.get(id) ?? [])}\n`,
          );
        }
        expect([id, { bids: view.bids, asks: view.asks }]).toEqual([id, levelsOf(book)]);
        const expected = venueChecksum(venue, book);
        if (expected !== undefined && view.checksum !== null) {
          expect([id, view.checksum]).toEqual([id, expected]);
          checksumsVerified += 1;
        }
      }
    }
    // Kraken and OKX carry checksums on every book message.
    expect(checksumsVerified).toBe(2 * 7);

    // Restart: cache-b drains (final snapshots), comes back from the snapshot topic plus tail.
    const cacheB = caches[1] as ServiceProcess;
    const stoppedAt = Date.now();
    await cacheB.stop();
    await cacheB.restart();
    await until('cache-b to be ready', async () => (await fetch(`${cacheB.url}/readyz`)).ok);
    process.stdout.write(`cache-b restart to ready: ${Date.now() - stoppedAt} ms\n`);
    expect((await marketsOf(cacheB)).map((m) => m.id).sort()).toEqual(
      (await marketsOf(caches[0] as ServiceProcess)).map((m) => m.id).sort(),
    );
    for (const { venue, symbol, id } of bookMarkets) {
      const view = await bookOf(cacheB, venue, symbol);
      expect([id, { bids: view.bids, asks: view.asks }]).toEqual([
        id,
        levelsOf(rebuilt.get(id) as OrderBook),
      ]);
    }
  });

  /** Every committed record of a topic, in offset order per partition. */
  async function readAll(topic: string, atLeast: number): Promise<Envelope[]> {
    const groupId = `${runId}.reader.${topic}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    const events: Envelope[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        events.push(JSON.parse(message.value?.toString('utf8') ?? 'null') as Envelope);
      },
    });
    let seen = -1;
    let stableSince = Date.now();
    await until(
      `all of ${topic}`,
      () => {
        if (events.length !== seen) {
          seen = events.length;
          stableSince = Date.now();
        }
        return events.length >= atLeast && events.length > 0 && Date.now() - stableSince > 3_000;
      },
      120_000,
    );
    await consumer.disconnect();
    return events;
  }
});
