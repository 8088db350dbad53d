import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateCredentials } from '../stack/credentials.util';
import { STACK_COMPONENTS } from '../stack/components';
import { kafkaComponent, kafkaServerProperties } from '../stack/components/kafka.component';
import { minioComponent } from '../stack/components/minio.component';
import {
  findPostgresBinDir,
  postgresComponent,
  postgresUrl,
} from '../stack/components/postgres.component';
import { loadStackConfig } from '../stack/stack-config.util';
import { startWaves } from '../stack/start-order.util';

const config = loadStackConfig({ TICKLINE_STACK_DIR: '/srv/stack', HOME: '/home/dev' }, '/repo');
const credentials = generateCredentials();

function properties(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('the component set', () => {
  it('has unique names and a valid start order', () => {
    const names = STACK_COMPONENTS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(() => startWaves(STACK_COMPONENTS)).not.toThrow();
  });

  it('hands out every variable the services and tests read', () => {
    const env = Object.assign(
      {},
      ...STACK_COMPONENTS.map((c) => c.ownEnv({ config, credentials })),
    );
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS',
        'DATABASE_URL',
        'S3_ENDPOINT',
        'S3_ACCESS_KEY_ID',
        'S3_SECRET_ACCESS_KEY',
        'S3_REGION',
      ]),
    );
  });
});

describe('kafka', () => {
  it('runs one KRaft node as broker and controller on the configured loopback ports', () => {
    const props = properties(kafkaServerProperties(config, '/srv/stack/kafka/data'));
    expect(props['process.roles']).toBe('broker,controller');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:19093');
    expect(props.listeners).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props['log.dirs']).toBe('/srv/stack/kafka/data');
    expect(props['offsets.topic.replication.factor']).toBe('1');
    expect(props['transaction.state.log.replication.factor']).toBe('1');
  });

  it('hands out its broker address, or the one the user set', () => {
    const own = kafkaComponent.ownEnv({ config, credentials });
    expect(own).toEqual({ KAFKA_BROKERS: '127.0.0.1:19092' });
    expect(kafkaComponent.externalEnv({}, own)).toBeUndefined();
    expect(kafkaComponent.externalEnv({ KAFKA_BROKERS: '127.0.0.1:19092' }, own)).toBeUndefined();
    expect(kafkaComponent.externalEnv({ KAFKA_BROKERS: ' kafka:9092 ' }, own)).toEqual({
      KAFKA_BROKERS: 'kafka:9092',
    });
  });

  it('recognizes only the broker of its own stack folder', () => {
    const argv = ['java', '-cp', 'x/*', 'kafka.Kafka', '/srv/stack/kafka/server.properties'];
    expect(kafkaComponent.isOwnProcess(argv, config)).toBe(true);
    expect(
      kafkaComponent.isOwnProcess(
        ['java', '-cp', 'x/*', 'kafka.Kafka', '/other/kafka/server.properties'],
        config,
      ),
    ).toBe(false);
  });
});

describe('postgres', () => {
  it('builds a URL with the stored credentials on the configured port', () => {
    const own = postgresComponent.ownEnv({ config, credentials });
    expect(own.DATABASE_URL).toBe(
      `postgresql://tickline:${credentials.postgres.password}@127.0.0.1:15432/tickline`,
    );
    expect(postgresUrl('u', 'p@ss/word', 'h', 1, 'd')).toBe('postgresql://u:p%40ss%2Fword@h:1/d');
  });

  it('uses DATABASE_URL from the environment unless it is our own', () => {
    const own = postgresComponent.ownEnv({ config, credentials });
    expect(postgresComponent.externalEnv({ DATABASE_URL: own.DATABASE_URL }, own)).toBeUndefined();
    expect(
      postgresComponent.externalEnv({ DATABASE_URL: 'postgresql://me@db:5432/x' }, own),
    ).toEqual({ DATABASE_URL: 'postgresql://me@db:5432/x' });
  });

  it('recognizes the postmaster of its own data folder, not its helpers or other clusters', () => {
    const data = '/srv/stack/postgres/data';
    expect(
      postgresComponent.isOwnProcess(['/usr/lib/postgresql/15/bin/postgres', '-D', data], config),
    ).toBe(true);
    expect(postgresComponent.isOwnProcess(['postgres: checkpointer'], config)).toBe(false);
    expect(
      postgresComponent.isOwnProcess(
        ['/usr/lib/postgresql/15/bin/postgres', '-D', '/var/lib/postgresql/15/main'],
        config,
      ),
    ).toBe(false);
  });

  describe('findPostgresBinDir', () => {
    let root: string;
    const install = (major: string) => {
      mkdirSync(join(root, major, 'bin'), { recursive: true });
      writeFileSync(join(root, major, 'bin', 'initdb'), '');
    };

    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'pg-root-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('prefers the configured major version, else the newest installed', () => {
      expect(findPostgresBinDir('15', root)).toBeUndefined();
      install('13');
      install('16');
      expect(findPostgresBinDir('15', root)).toBe(join(root, '16', 'bin'));
      install('15');
      expect(findPostgresBinDir('15', root)).toBe(join(root, '15', 'bin'));
    });

    it('ignores a version folder with only client tools', () => {
      mkdirSync(join(root, '17', 'bin'), { recursive: true });
      expect(findPostgresBinDir('15', root)).toBeUndefined();
    });

    it('finds nothing when PostgreSQL is not installed at all', () => {
      expect(findPostgresBinDir('15', join(root, 'missing'))).toBeUndefined();
    });
  });
});

describe('minio', () => {
  it('hands out its endpoint, credentials, region and default bucket', () => {
    expect(minioComponent.ownEnv({ config, credentials })).toEqual({
      S3_ENDPOINT: 'http://127.0.0.1:19000',
      S3_ACCESS_KEY_ID: credentials.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.s3.secretAccessKey,
      S3_REGION: 'us-east-1',
      S3_BUCKET: 'tickline-lake',
      S3_FORCE_PATH_STYLE: 'true',
    });
  });

  it('uses an S3 service from the environment, with defaults for region and bucket', () => {
    const own = minioComponent.ownEnv({ config, credentials });
    expect(
      minioComponent.externalEnv(
        { S3_ENDPOINT: 'http://s3.local:9000', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' },
        own,
      ),
    ).toEqual({
      S3_ENDPOINT: 'http://s3.local:9000',
      S3_ACCESS_KEY_ID: 'a',
      S3_SECRET_ACCESS_KEY: 'b',
      S3_REGION: 'us-east-1',
      S3_BUCKET: 'tickline-lake',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(minioComponent.externalEnv({ S3_ENDPOINT: own.S3_ENDPOINT }, own)).toBeUndefined();
  });

  it('insists on credentials for an S3 service from the environment', () => {
    const own = minioComponent.ownEnv({ config, credentials });
    expect(() => minioComponent.externalEnv({ S3_ENDPOINT: 'http://s3.local:9000' }, own)).toThrow(
      /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set/,
    );
  });

  it('recognizes only the server of its own data folder', () => {
    const argv = ['/c/minio', 'server', '/srv/stack/minio/data', '--address', '127.0.0.1:19000'];
    expect(minioComponent.isOwnProcess(argv, config)).toBe(true);
    expect(minioComponent.isOwnProcess(['/c/minio', 'server', '/elsewhere'], config)).toBe(false);
  });
});
