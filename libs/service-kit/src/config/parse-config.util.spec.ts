import { z } from 'zod';

import { kafkaConfigFields, kafkaConfigRules } from '../kafka/kafka-config.schema';
import { s3ConfigFields, s3ConfigRules } from '../s3/s3-config.schema';
import { databaseConfigFields } from './database-config.schema';
import { ConfigValidationError } from './config-validation.error';
import { parseConfig, redactConfig } from './parse-config.util';
import { serviceConfigFields } from './service-config.schema';

const schema = z
  .object({
    ...serviceConfigFields({ serviceName: 'sample', port: 4000 }),
    ...kafkaConfigFields(),
    ...s3ConfigFields(),
    ...databaseConfigFields(),
  })
  .superRefine(kafkaConfigRules)
  .superRefine(s3ConfigRules);

const validEnv = {
  KAFKA_BROKERS: '127.0.0.1:19092, kafka-2:9092',
  DATABASE_URL: 'postgresql://tickline:pw@127.0.0.1:15432/tickline',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = parseConfig(schema, validEnv);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092', 'kafka-2:9092']);
    expect(config.PORT).toBe(4000);
    expect(config.SERVICE_NAME).toBe('sample');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.KAFKA_SSL).toBe(false);
    expect(config.KAFKA_REQUEST_TIMEOUT).toBe(30_000);
    expect(config.SHUTDOWN_DRAIN_TIMEOUT).toBe(10_000);
    expect(config.S3_REGION).toBe('us-east-1');
    expect(config.S3_FORCE_PATH_STYLE).toBeUndefined();
  });

  it('converts strings: ports, booleans and durations', () => {
    const config = parseConfig(schema, {
      ...validEnv,
      PORT: '8080',
      KAFKA_SSL: 'yes',
      S3_FORCE_PATH_STYLE: 'false',
      KAFKA_RETRY_INITIAL: '250ms',
      KAFKA_CONNECTION_TIMEOUT: '1.5s',
      KAFKA_RETRY_MAX: '2m',
      SHUTDOWN_DRAIN_TIMEOUT: '1h',
      HEALTH_PROBE_TIMEOUT: '750',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      KAFKA_SSL: true,
      S3_FORCE_PATH_STYLE: false,
      KAFKA_RETRY_INITIAL: 250,
      KAFKA_CONNECTION_TIMEOUT: 1500,
      KAFKA_RETRY_MAX: 120_000,
      SHUTDOWN_DRAIN_TIMEOUT: 3_600_000,
      HEALTH_PROBE_TIMEOUT: 750,
    });
  });

  it('names a missing variable and what it should hold', () => {
    expect(problemsOf({ DATABASE_URL: validEnv.DATABASE_URL })).toEqual([
      'KAFKA_BROKERS is required (comma separated host:port list)',
    ]);
  });

  it('treats an empty value as unset', () => {
    expect(problemsOf({ ...validEnv, KAFKA_BROKERS: '' })).toEqual([
      'KAFKA_BROKERS is required (comma separated host:port list)',
    ]);
    expect(parseConfig(schema, { ...validEnv, PORT: '' }).PORT).toBe(4000);
  });

  it('reports every bad variable at once, with the offending value', () => {
    const problems = problemsOf({
      ...validEnv,
      KAFKA_BROKERS: 'localhost',
      PORT: '70000',
      KAFKA_SSL: 'maybe',
      LOG_LEVEL: 'loud',
      SHUTDOWN_DRAIN_TIMEOUT: 'soon',
      S3_ENDPOINT: 'ftp://files',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS is invalid: "localhost" is not host:port, got "localhost" (comma separated host:port list)',
        'PORT is invalid: expected an integer between 1 and 65535, got "70000" (TCP port 1-65535)',
        'KAFKA_SSL is invalid: expected true/false, 1/0, yes/no or on/off, got "maybe" (boolean)',
        'LOG_LEVEL is invalid: expected one of fatal, error, warn, info, debug, trace, silent, got "loud" (pino log level)',
        'SHUTDOWN_DRAIN_TIMEOUT is invalid: expected a duration such as 500ms, 10s, 5m or 1h, got "soon" (duration: 500ms, 10s, 5m, 1h)',
        'S3_ENDPOINT is invalid: expected a http or https URL, got "ftp://files" (S3-compatible endpoint URL; unset means AWS S3)',
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('puts all problems in one boot message', () => {
    expect(() => parseConfig(schema, {})).toThrow(
      'Invalid configuration: KAFKA_BROKERS is required (comma separated host:port list); ' +
        'DATABASE_URL is required (postgresql://user:password@host:port/database)',
    );
  });

  it('never echoes a sensitive value', () => {
    const problems = problemsOf({ ...validEnv, DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(problems).toEqual([
      'DATABASE_URL is invalid: expected a postgres or postgresql URL (postgresql://user:password@host:port/database)',
    ]);
    expect(problems.join()).not.toContain('hunter2');
  });

  it('applies cross-field rules: SASL needs credentials, S3 keys come in pairs', () => {
    expect(
      problemsOf({ ...validEnv, KAFKA_SASL_MECHANISM: 'scram-sha-512', S3_ACCESS_KEY_ID: 'minio' }),
    ).toEqual([
      'KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set',
      'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set',
      'S3_SECRET_ACCESS_KEY is required when S3_ACCESS_KEY_ID is set',
    ]);
  });

  it('ignores variables the schema does not declare', () => {
    const config = parseConfig(schema, { ...validEnv, HOME: '/root' });
    expect(config).not.toHaveProperty('HOME');
  });
});

describe('redactConfig', () => {
  it('masks sensitive values and keeps the rest', () => {
    const config = parseConfig(schema, {
      ...validEnv,
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
    });
    const safe = redactConfig(schema, config);
    expect(safe['S3_SECRET_ACCESS_KEY']).toBe('[redacted]');
    expect(safe['DATABASE_URL']).toBe('[redacted]');
    expect(safe['S3_ACCESS_KEY_ID']).toBe('minio');
    expect(safe['KAFKA_SASL_PASSWORD']).toBeUndefined();
  });
});
