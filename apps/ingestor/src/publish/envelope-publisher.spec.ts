import type { Envelope } from '@tickline/domain';
import type { ProducerRecord } from 'kafkajs';

import { EnvelopePublisher } from './envelope-publisher';

function trade(symbol: string, id: number): Envelope {
  return {
    v: 1,
    type: 'trade',
    venue: 'binance',
    symbol,
    market: 'BTC-USDT',
    exchangeTimeUs: 1_700_000_000_000_000 + id,
    receiveTimeUs: 1_700_000_000_000_100 + id,
    system: 'primary',
    ingesterId: 'ingestor-0',
    payload: { price: '1.5', size: '2', side: 'buy', tradeId: String(id) },
  };
}

/** Records sends; `failures` makes the next sends reject (a broker outage). */
class StandInProducer {
  readonly sent: ProducerRecord[] = [];
  failures = 0;
  private gate: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
  }

  async send(record: ProducerRecord): Promise<never[]> {
    await this.gate;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker unavailable');
    }
    this.sent.push(record);
    return [];
  }
}

function values(producer: StandInProducer): string[] {
  return producer.sent.flatMap((record) => record.messages.map((m) => String(m.value)));
}

describe('envelope publisher', () => {
  const events = { onPressure: jest.fn(), onDrop: jest.fn(), onSent: jest.fn() };
  beforeEach(() => jest.clearAllMocks());

  it('batches, compresses, keys by venue:symbol and keeps order across a failed send', async () => {
    const producer = new StandInProducer();
    producer.failures = 1;
    const publisher = new EnvelopePublisher(
      producer,
      {
        topic: 'raw',
        compression: 'gzip',
        batchSize: 3,
        lingerMs: 5,
        maxBuffered: 100,
        retryDelayMs: 1,
      },
      events,
    );
    for (let id = 1; id <= 7; id += 1) publisher.publish(trade(id % 2 ? 'BTCUSDT' : 'ETHUSDT', id));
    await publisher.flush();
    expect(producer.sent.map((r) => r.messages.length)).toEqual([3, 3, 1]);
    expect(producer.sent.every((r) => r.topic === 'raw' && r.compression === 1)).toBe(true);
    expect(values(producer).map((v) => (JSON.parse(v) as Envelope).exchangeTimeUs % 1000)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(producer.sent[0]?.messages[1]?.key).toBe('binance:ETHUSDT');
    expect(events.onSent).toHaveBeenCalledTimes(3);
  });

  it('signals pressure at 3/4 of the cap, drops and counts beyond it, and releases below 1/4', async () => {
    const producer = new StandInProducer();
    producer.hold();
    const publisher = new EnvelopePublisher(
      producer,
      { topic: 'raw', compression: 'none', batchSize: 2, lingerMs: 1, maxBuffered: 8 },
      events,
    );
    for (let id = 1; id <= 10; id += 1) publisher.publish(trade('BTCUSDT', id));
    expect(events.onPressure).toHaveBeenCalledWith(true);
    // The first batch of 2 is in flight, still counted as buffered: 8 held, 2 dropped.
    expect(events.onDrop).toHaveBeenCalledTimes(2);
    producer.release();
    await publisher.flush();
    expect(events.onPressure).toHaveBeenLastCalledWith(false);
    expect(values(producer)).toHaveLength(8);
  });
});
