import {
  DEFAULT_PORTS,
  DEFAULT_VERSIONS,
  kafkaMajorVersion,
  loadStackConfig,
  StackConfigError,
} from '../stack/stack-config.util';

const repoRoot = '/repo';

describe('loadStackConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadStackConfig({ HOME: '/home/dev' }, repoRoot);
    expect(config.stackDir).toBe('/repo/.stack');
    expect(config.cacheDir).toBe('/home/dev/.cache/tickline');
    expect(config.host).toBe('127.0.0.1');
    expect(config.ports).toEqual(DEFAULT_PORTS);
    expect(config.ports).toEqual({
      kafka: 19092,
      kafkaController: 19093,
      postgres: 15432,
      minio: 19000,
      minioConsole: 19001,
      exchange: 19500,
    });
    expect(config.versions).toEqual(DEFAULT_VERSIONS);
    expect(config.bucket).toBe('tickline-lake');
  });

  it('takes ports, folders and versions from TICKLINE_* variables', () => {
    const config = loadStackConfig(
      {
        HOME: '/home/dev',
        TICKLINE_STACK_DIR: 'scratch/stack-a',
        TICKLINE_CACHE_DIR: '/var/cache/tl',
        TICKLINE_KAFKA_PORT: '29092',
        TICKLINE_KAFKA_CONTROLLER_PORT: '29093',
        TICKLINE_POSTGRES_PORT: '25432',
        TICKLINE_MINIO_PORT: '29000',
        TICKLINE_MINIO_CONSOLE_PORT: '29001',
        TICKLINE_EXCHANGE_PORT: '29500',
        TICKLINE_KAFKA_VERSION: '3.9.1',
        S3_BUCKET: 'my-lake',
      },
      repoRoot,
    );
    expect(config.stackDir).toBe('/repo/scratch/stack-a');
    expect(config.cacheDir).toBe('/var/cache/tl');
    expect(config.ports).toEqual({
      kafka: 29092,
      kafkaController: 29093,
      postgres: 25432,
      minio: 29000,
      minioConsole: 29001,
      exchange: 29500,
    });
    expect(config.versions.kafka).toBe('3.9.1');
    expect(config.bucket).toBe('my-lake');
  });

  it('keeps an absolute stack folder as given and treats empty variables as unset', () => {
    const config = loadStackConfig(
      { TICKLINE_STACK_DIR: '/data/stack', TICKLINE_KAFKA_PORT: '  ', S3_BUCKET: '' },
      repoRoot,
    );
    expect(config.stackDir).toBe('/data/stack');
    expect(config.ports.kafka).toBe(19092);
    expect(config.bucket).toBe('tickline-lake');
  });

  it.each([
    ['abc', 'TICKLINE_KAFKA_PORT must be a number'],
    ['0', 'TICKLINE_KAFKA_PORT must be between 1 and 65535'],
    ['70000', 'TICKLINE_KAFKA_PORT must be between 1 and 65535'],
    ['19092.5', 'TICKLINE_KAFKA_PORT must be a whole number'],
  ])('rejects TICKLINE_KAFKA_PORT=%s naming the variable', (value, message) => {
    expect(() => loadStackConfig({ TICKLINE_KAFKA_PORT: value }, repoRoot)).toThrow(message);
  });

  it('rejects two components on the same port, naming both variables', () => {
    const load = () => loadStackConfig({ TICKLINE_POSTGRES_PORT: '19000' }, repoRoot);
    expect(load).toThrow(StackConfigError);
    expect(load).toThrow('19000 is used by TICKLINE_POSTGRES_PORT and TICKLINE_MINIO_PORT');
  });
});

describe('kafkaMajorVersion', () => {
  it('reads the release line', () => {
    expect(kafkaMajorVersion('3.9.1')).toBe(3);
    expect(kafkaMajorVersion('4.2.0')).toBe(4);
  });

  it('refuses versions without KRaft or that are not versions', () => {
    expect(() => kafkaMajorVersion('2.8.2')).toThrow(StackConfigError);
    expect(() => kafkaMajorVersion('latest')).toThrow(StackConfigError);
  });
});
