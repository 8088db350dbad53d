import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { generateCredentials, generateExchangeCredentials } from '../stack/credentials.util';
import { STACK_COMPONENTS } from '../stack/components';
import {
  exchangeLocalComponent,
  exchangeProcessEnv,
  importedWorkspacePackages,
  isBuildFresh,
  localStackAccounts,
} from '../stack/components/exchange-local.component';
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
// exchange-local's settings come from its bootstrap file in this repository.
const repoRoot = resolve(__dirname, '..', '..');
const repoConfig = loadStackConfig(
  { TICKLINE_STACK_DIR: '/srv/stack', HOME: '/home/dev' },
  repoRoot,
);

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
      ...STACK_COMPONENTS.map((c) => c.ownEnv({ config: repoConfig, credentials })),
    );
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'KAFKA_BROKERS',
        'DATABASE_URL',
        'S3_ENDPOINT',
        'S3_ACCESS_KEY_ID',
        'S3_SECRET_ACCESS_KEY',
        'S3_REGION',
        'EXCHANGE_ENDPOINT',
        'EXCHANGE_REGION',
        'EXCHANGE_PROVIDER_ACCESS_KEY_ID',
        'EXCHANGE_PROVIDER_SECRET_ACCESS_KEY',
        'EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID',
        'EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY',
        'EXCHANGE_PRODUCT_ID',
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

describe('exchange-local', () => {
  const secrets = credentials.exchange ?? generateExchangeCredentials();
  const accounts = {
    productId: 'prod-x',
    provider: { accessKeyId: 'AKIAPROVIDER', secretEnv: 'P_SECRET' },
    subscriber: { accessKeyId: 'AKIASUBSCRIBER', secretEnv: 'S_SECRET' },
  };

  it('starts after PostgreSQL, Kafka and MinIO', () => {
    const waves = startWaves(STACK_COMPONENTS).map((wave) => wave.map((c) => c.name));
    const waveOf = (name: string) => waves.findIndex((wave) => wave.includes(name));
    for (const upstream of ['postgres', 'kafka', 'minio']) {
      expect(waveOf('exchange-local')).toBeGreaterThan(waveOf(upstream));
    }
  });

  it('listens on its own stack port (19500 unless TICKLINE_EXCHANGE_PORT says otherwise)', () => {
    expect(exchangeLocalComponent.ports(config)).toEqual({ exchange: 19500 });
    const moved = loadStackConfig({ TICKLINE_EXCHANGE_PORT: '29500' }, '/repo');
    expect(exchangeLocalComponent.ports(moved)).toEqual({ exchange: 29500 });
    expect(() => loadStackConfig({ TICKLINE_EXCHANGE_PORT: '19092' }, '/repo')).toThrow(
      /TICKLINE_KAFKA_PORT and TICKLINE_EXCHANGE_PORT/,
    );
  });

  it('hands out the accounts and product of the local-stack bootstrap file with the stored secrets', () => {
    expect(exchangeLocalComponent.ownEnv({ config: repoConfig, credentials })).toEqual({
      EXCHANGE_ENDPOINT: 'http://127.0.0.1:19500',
      EXCHANGE_REGION: 'us-east-1',
      EXCHANGE_PROVIDER_ACCESS_KEY_ID: 'AKIATICKLINEPROVIDER',
      EXCHANGE_PROVIDER_SECRET_ACCESS_KEY: secrets.providerSecretAccessKey,
      EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID: 'AKIATICKLINESUBSCRIB',
      EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY: secrets.subscriberSecretAccessKey,
      EXCHANGE_PRODUCT_ID: 'prod-ticklinedemo',
    });
    expect(secrets.providerSecretAccessKey).toMatch(/^[0-9a-f]{40}$/);
    expect(secrets.providerSecretAccessKey).not.toBe(secrets.subscriberSecretAccessKey);
  });

  it('hands out nothing from credentials made before it joined the stack', () => {
    const { exchange: _omitted, ...older } = credentials;
    expect(exchangeLocalComponent.ownEnv({ config: repoConfig, credentials: older })).toEqual({});
  });

  it('takes the provider as the first product owner and a subscriber of that product', () => {
    const file = {
      accounts: [
        { accountId: '1', accessKeyId: 'AK1', secretAccessKey: { env: 'ONE' } },
        { accountId: '2', accessKeyId: 'AK2', secretAccessKey: { env: 'TWO' } },
        { accountId: '3', accessKeyId: 'AK3', secretAccessKey: { env: 'THREE' } },
      ],
      products: [
        { productId: 'prod-a', ownerAccountId: '2' },
        { productId: 'prod-b', ownerAccountId: '1' },
      ],
      subscriptions: [
        { productId: 'prod-b', subscriberAccountId: '3' },
        { productId: 'prod-a', subscriberAccountId: '1' },
      ],
    };
    expect(localStackAccounts(file)).toEqual({
      productId: 'prod-a',
      provider: { accessKeyId: 'AK2', secretEnv: 'TWO' },
      subscriber: { accessKeyId: 'AK1', secretEnv: 'ONE' },
    });
    expect(() => localStackAccounts({ ...file, subscriptions: [] })).toThrow(
      /no subscriber account for prod-a/,
    );
    const fromFile = structuredClone(file);
    fromFile.accounts[1].secretAccessKey = { file: 'x.key' } as never;
    expect(() => localStackAccounts(fromFile)).toThrow(
      /provider account's secret must come from a variable/,
    );
    expect(() => localStackAccounts({ accounts: [] })).toThrow(
      /not a valid exchange-local bootstrap file/,
    );
  });

  it('uses an instance from the environment when EXCHANGE_ENDPOINT is set, unless it is our own', () => {
    const own = exchangeLocalComponent.ownEnv({ config: repoConfig, credentials });
    expect(exchangeLocalComponent.externalEnv({}, own)).toBeUndefined();
    expect(exchangeLocalComponent.externalEnv({ ...own }, own)).toBeUndefined();
    const theirs = {
      EXCHANGE_ENDPOINT: 'http://exchange.test:8080',
      EXCHANGE_PROVIDER_ACCESS_KEY_ID: 'AKP',
      EXCHANGE_PROVIDER_SECRET_ACCESS_KEY: 'sp',
      EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID: 'AKS',
      EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY: 'ss',
      EXCHANGE_PRODUCT_ID: 'prod-theirs',
    };
    expect(exchangeLocalComponent.externalEnv(theirs, own)).toEqual({
      ...theirs,
      EXCHANGE_REGION: 'us-east-1',
    });
    expect(
      exchangeLocalComponent.externalEnv({ ...theirs, EXCHANGE_REGION: 'eu-west-1' }, own)
        ?.EXCHANGE_REGION,
    ).toBe('eu-west-1');
    expect(() =>
      exchangeLocalComponent.externalEnv({ EXCHANGE_ENDPOINT: 'http://exchange.test:8080' }, own),
    ).toThrow(
      'EXCHANGE_ENDPOINT is set, so EXCHANGE_PROVIDER_ACCESS_KEY_ID, EXCHANGE_PROVIDER_SECRET_ACCESS_KEY, ' +
        'EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID, EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY, EXCHANGE_PRODUCT_ID must be set too.',
    );
  });

  it('starts the process with the upstream settings, its own schema and the generated secrets only', () => {
    const env = exchangeProcessEnv({
      config,
      secrets,
      accounts,
      upstreamEnv: {
        DATABASE_URL: 'postgresql://u:p@127.0.0.1:15432/tickline',
        KAFKA_BROKERS: '127.0.0.1:19092',
        S3_ENDPOINT: 'http://127.0.0.1:19000',
      },
      inherited: {
        PATH: '/usr/bin',
        EXCHANGE_PORT: '1',
        EXCHANGE_DATABASE_URL: 'postgresql://elsewhere/x',
        S3_BUCKET: 'theirs',
        KAFKA_BROKERS: 'other:9092',
      },
    });
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      EXCHANGE_HOST: '127.0.0.1',
      EXCHANGE_PORT: '19500',
      EXCHANGE_REGION: 'us-east-1',
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:15432/tickline',
      EXCHANGE_DATABASE_URL: 'postgresql://u:p@127.0.0.1:15432/tickline?schema=exchange',
      KAFKA_BROKERS: '127.0.0.1:19092',
      S3_ENDPOINT: 'http://127.0.0.1:19000',
      EXCHANGE_BOOTSTRAP_FILE: '/repo/apps/exchange-local/config/local-stack.bootstrap.json',
      EXCHANGE_TOKEN_SECRET: secrets.tokenSecret,
      P_SECRET: secrets.providerSecretAccessKey,
      S_SECRET: secrets.subscriberSecretAccessKey,
    });
    expect(env.S3_BUCKET).toBeUndefined();
    expect(() =>
      exchangeProcessEnv({ config, secrets, accounts, upstreamEnv: {}, inherited: {} }),
    ).toThrow(/needs DATABASE_URL/);
  });

  it("recognizes only its own stack folder's process, not other runs of the same main.js", () => {
    const main = '/repo/apps/exchange-local/dist/main.js';
    const own = ['/usr/bin/node', main, '/srv/stack/exchange-local'];
    expect(exchangeLocalComponent.isOwnProcess(own, config)).toBe(true);
    expect(
      exchangeLocalComponent.isOwnProcess(
        ['/usr/bin/node', main, '/srv/other/exchange-local'],
        config,
      ),
    ).toBe(false);
    // Test harnesses and the benchmark start the same file without a stack folder.
    expect(exchangeLocalComponent.isOwnProcess(['/usr/bin/node', main], config)).toBe(false);
    expect(
      exchangeLocalComponent.isOwnProcess(['tail', main, '/srv/stack/exchange-local'], config),
    ).toBe(false);
  });

  it('finds the workspace libraries a source file imports', () => {
    const source = [
      "import { DbModule } from '@tickline/db';",
      "import type { X } from '@tickline/service-kit';",
      "const lazy = await import('@tickline/domain');",
      "import { z } from 'zod';",
      "import { y } from '@tickline/db';",
    ].join('\n');
    expect(importedWorkspacePackages(source).sort()).toEqual([
      '@tickline/db',
      '@tickline/domain',
      '@tickline/service-kit',
    ]);
  });

  describe('isBuildFresh', () => {
    let root: string;
    const stamp = () => join(root, 'build.stamp');
    const file = (path: string, content: string, secondsAgo: number) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
      const at = Date.now() / 1000 - secondsAgo;
      utimesSync(join(root, path), at, at);
    };

    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'exchange-build-'));
      file('apps/exchange-local/package.json', '{"main":"dist/index.js"}', 100);
      file('apps/exchange-local/src/main.ts', "import { a } from '@tickline/db';", 100);
      mkdirSync(join(root, 'apps/exchange-local/src/generated'));
      file('libs/db/package.json', '{"main":"dist/index.js"}', 100);
      file('libs/db/src/index.ts', "export * from '@tickline/domain';", 100);
      file('libs/domain/package.json', '{"main":"dist/index.js"}', 100);
      file('libs/domain/src/index.ts', 'export const a = 1;', 100);
      file('libs/unrelated/src/index.ts', 'export const b = 1;', 1);
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const buildAll = (secondsAgo: number) => {
      file('apps/exchange-local/dist/main.js', '', secondsAgo);
      file('libs/db/dist/index.js', '', secondsAgo);
      file('libs/domain/dist/index.js', '', secondsAgo);
    };

    it('is stale without outputs, fresh once they are newer than every input', () => {
      expect(isBuildFresh(root, stamp())).toBe(false);
      buildAll(50);
      expect(isBuildFresh(root, stamp())).toBe(true);
    });

    it('follows imports transitively and ignores libraries exchange-local does not use', () => {
      buildAll(50);
      file('libs/domain/src/index.ts', 'export const a = 2;', 10);
      expect(isBuildFresh(root, stamp())).toBe(false);
      file('libs/domain/src/index.ts', 'export const a = 2;', 60);
      file('libs/db/src/index.spec.ts', 'test', 10);
      file('apps/exchange-local/test/x.integration-spec.ts', 'test', 10);
      expect(isBuildFresh(root, stamp())).toBe(true);
    });

    it('counts a later build stamp (Nx answered from its cache) and needs the Prisma client', () => {
      buildAll(50);
      file('apps/exchange-local/src/main.ts', "import { a } from '@tickline/db';", 10);
      expect(isBuildFresh(root, stamp())).toBe(false);
      file('build.stamp', '', 5);
      expect(isBuildFresh(root, stamp())).toBe(true);
      rmSync(join(root, 'apps/exchange-local/src/generated'), { recursive: true });
      expect(isBuildFresh(root, stamp())).toBe(false);
    });

    it('is stale when a library output is missing', () => {
      buildAll(50);
      rmSync(join(root, 'libs/domain/dist/index.js'));
      expect(isBuildFresh(root, stamp())).toBe(false);
    });
  });
});
