import { rawEvent, snapshot, testSettings, trade } from '../../test/envelopes.fixture';
import { PartitionValidator } from '../validation/partition-validator.model';
import { batchOutputs, produceRequests, RULE_HEADER } from './batch-outputs.util';

const topics = { valid: 'valid', deadLetters: 'dlq', alerts: 'alerts' };

describe('batchOutputs', () => {
  it('turns verdicts into valid records, dead letters and alerts, in input order', () => {
    const validator = new PartitionValidator(testSettings());
    const first = trade('binance', 'BTCUSDT', { tradeId: '1' });
    const results = [
      first,
      { ...first, ingesterId: 'ingestor-b' },
      trade('binance', 'BTCUSDT', { tradeId: '2', size: '0' }),
      trade('okx', 'BTC-USDT', { tradeId: '7' }),
    ].map((envelope) => validator.validate(rawEvent(envelope)));
    results.push(validator.validate(rawEvent('not json', { key: null })));
    const headers = [{ 'x-request-id': 'r1' }, undefined, undefined, undefined, undefined];

    const outputs = batchOutputs(results, (index) => headers[index], topics, 'validator');

    expect(outputs.map((output) => output.topic)).toEqual(['valid', 'dlq', 'alerts']);
    const [valid, dlq, alerts] = outputs;
    expect(valid?.messages.map((message) => [message.key, message.headers])).toEqual([
      ['binance:BTCUSDT', { 'x-request-id': 'r1' }],
      ['okx:BTC-USDT', undefined],
    ]);
    expect(valid?.messages[0]?.value).toBe(
      results[0]?.outcome === 'accepted' ? results[0].value : '',
    );
    expect(dlq?.messages.map((message) => [message.key, message.headers?.[RULE_HEADER]])).toEqual([
      ['binance:BTCUSDT', 'bad_number'],
      [null, 'invalid_json'],
    ]);
    expect(alerts?.messages.map((message) => message.key)).toEqual([
      'binance:BTCUSDT',
      'validator',
    ]);
    expect(JSON.parse(String(alerts?.messages[1]?.value))).toMatchObject({ kind: 'schema_error' });
  });

  it('cuts large outputs into requests of at most 512 KiB, keeping the order', () => {
    const validator = new PartitionValidator(testSettings());
    const levels = Array.from({ length: 4000 }, (_, i): [string, string] => [
      `${50 + i / 100}`,
      '1',
    ]);
    const results = Array.from({ length: 20 }, (_, i) =>
      validator.validate(
        rawEvent(
          snapshot('binance', 'BTCUSDT', {
            lastUpdateId: 100 + i,
            bids: levels,
            asks: [['200', '1']],
          }),
        ),
      ),
    );
    const outputs = batchOutputs(results, () => undefined, topics, 'validator');
    expect(outputs.length).toBeGreaterThan(1);
    for (const output of outputs) {
      const bytes = output.messages.reduce(
        (sum, message) => sum + Buffer.byteLength(String(message.value)),
        0,
      );
      expect(bytes).toBeLessThanOrEqual(512 * 1024);
    }
    const positions = outputs.flatMap((output) =>
      output.messages.map(
        (message) => (JSON.parse(String(message.value)) as { lastUpdateId: number }).lastUpdateId,
      ),
    );
    expect(positions).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
  });
});

describe('produceRequests', () => {
  const chunk = (topic: string, id: string) => ({ topic, messages: [{ key: id, value: id }] });

  it('sends every topic in one request, and a topic with several chunks over several, in order', () => {
    const requests = produceRequests([
      chunk('valid', 'v1'),
      chunk('valid', 'v2'),
      chunk('valid', 'v3'),
      chunk('dlq', 'd1'),
      chunk('alerts', 'a1'),
      chunk('alerts', 'a2'),
    ]);
    expect(requests.map((request) => request.map((output) => output.messages[0]?.key))).toEqual([
      ['v1', 'd1', 'a1'],
      ['v2', 'a2'],
      ['v3'],
    ]);
    expect(produceRequests([])).toEqual([]);
  });
});
