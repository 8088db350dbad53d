import { logLevel } from 'kafkajs';
import { z } from 'zod';

import { parseConfig } from '../config/parse-config.util';
import { kafkaClientOptions } from './kafka-client.factory';
import { kafkaConfigFields } from './kafka-config.schema';
import { kafkaLogCreator } from './kafka-logger.util';

const schema = z.object(kafkaConfigFields());

function options(env: Record<string, string>) {
  const config = parseConfig(schema, { KAFKA_BROKERS: 'k1:9092,k2:9092', ...env });
  return kafkaClientOptions(
    { ...config, SERVICE_NAME: 'validator', LOG_LEVEL: 'info' },
    {
      error: jest.fn(),
      warn: jest.fn(),
      log: jest.fn(),
    },
  );
}

describe('kafkaClientOptions', () => {
  it('maps brokers, client id, timeouts and retry settings', () => {
    expect(options({ KAFKA_RETRIES: '3', KAFKA_RETRY_INITIAL: '100ms' })).toMatchObject({
      brokers: ['k1:9092', 'k2:9092'],
      clientId: 'validator',
      ssl: false,
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 30_000 },
      logLevel: logLevel.INFO,
    });
    expect(options({})).not.toHaveProperty('sasl');
    expect(options({ KAFKA_CLIENT_ID: 'validator-7' }).clientId).toBe('validator-7');
  });

  it('turns on TLS and SASL from config', () => {
    expect(
      options({
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: 'pw',
      }),
    ).toMatchObject({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' },
    });
  });
});

describe('kafkaLogCreator', () => {
  it('sends kafkajs entries to the matching logger method as structured lines', () => {
    const sink = { error: jest.fn(), warn: jest.fn(), log: jest.fn(), debug: jest.fn() };
    const log = kafkaLogCreator(sink)(logLevel.DEBUG);
    const entry = (level: logLevel, message: string) =>
      log({
        namespace: 'Consumer',
        level,
        label: 'x',
        log: { timestamp: 't', message, logger: 'kafkajs', groupId: 'g1' },
      });
    entry(logLevel.ERROR, 'Crash');
    entry(logLevel.WARN, 'Rebalancing');
    entry(logLevel.INFO, 'Joined group');
    entry(logLevel.DEBUG, 'Fetch');
    expect(sink.error).toHaveBeenCalledWith({
      msg: 'Crash',
      kafka: { namespace: 'Consumer', groupId: 'g1' },
    });
    expect(sink.warn).toHaveBeenCalledWith(expect.objectContaining({ msg: 'Rebalancing' }));
    expect(sink.log).toHaveBeenCalledWith(expect.objectContaining({ msg: 'Joined group' }));
    expect(sink.debug).toHaveBeenCalledWith(expect.objectContaining({ msg: 'Fetch' }));
  });
});
