import { ExchangeConfigError, loadExchangeConfig } from './exchange-config.loader';

const bootstrap = {
  accounts: [
    {
      accountId: '111111111111',
      name: 'provider',
      accessKeyId: 'AKIAPROVIDER00000001',
      secretAccessKey: { env: 'PROVIDER_SECRET' },
    },
    {
      accountId: '222222222222',
      name: 'subscriber',
      accessKeyId: 'AKIASUBSCRIBER000001',
      secretAccessKey: { file: 'secrets/subscriber.key' },
    },
  ],
  products: [{ productId: 'prod-demo0001', ownerAccountId: '111111111111', title: 'Demo' }],
  subscriptions: [{ productId: 'prod-demo0001', subscriberAccountId: '222222222222' }],
};

const REQUIRED = {
  DATABASE_URL: 'postgresql://tickline:pw@127.0.0.1:15432/tickline',
  S3_ENDPOINT: 'http://127.0.0.1:19000',
  S3_ACCESS_KEY_ID: 'minio',
  S3_SECRET_ACCESS_KEY: 'minio-secret',
};

function files(map: Record<string, string>) {
  return (path: string): string => {
    const hit = Object.entries(map).find(([suffix]) => path.endsWith(suffix));
    if (!hit) throw new Error(`ENOENT: ${path}`);
    return hit[1];
  };
}

describe('loadExchangeConfig', () => {
  it('applies defaults without a bootstrap file', () => {
    const config = loadExchangeConfig(REQUIRED);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 19500,
      region: 'us-east-1',
      accounts: [],
      bucket: 'exchange-local-assets',
      kafkaBrokers: undefined,
      eventsTopic: 'exchange.events.v1',
      databaseUrl: 'postgresql://tickline:pw@127.0.0.1:15432/tickline?schema=exchange',
    });
    expect(config.tokenSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('prefers EXCHANGE_DATABASE_URL and splits KAFKA_BROKERS', () => {
    const config = loadExchangeConfig({
      ...REQUIRED,
      EXCHANGE_DATABASE_URL: 'postgresql://x@db:5432/other?schema=adx',
      KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093',
    });
    expect(config.databaseUrl).toBe('postgresql://x@db:5432/other?schema=adx');
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:19092', '127.0.0.1:19093']);
  });

  it('names every missing required variable', () => {
    let message = '';
    try {
      loadExchangeConfig({});
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'EXCHANGE_DATABASE_URL',
      'S3_ENDPOINT',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('reads accounts and resolves their secrets from the environment and from files', () => {
    const config = loadExchangeConfig(
      {
        ...REQUIRED,
        EXCHANGE_BOOTSTRAP_FILE: '/etc/exchange/bootstrap.json',
        PROVIDER_SECRET: 'p-secret',
        EXCHANGE_REGION: 'eu-west-1',
      },
      files({
        'bootstrap.json': JSON.stringify(bootstrap),
        '/etc/exchange/secrets/subscriber.key': 's-secret\n',
      }),
    );
    expect(config.region).toBe('eu-west-1');
    expect(config.accounts).toEqual([
      {
        accountId: '111111111111',
        name: 'provider',
        accessKeyId: 'AKIAPROVIDER00000001',
        secretAccessKey: 'p-secret',
      },
      {
        accountId: '222222222222',
        name: 'subscriber',
        accessKeyId: 'AKIASUBSCRIBER000001',
        secretAccessKey: 's-secret',
      },
    ]);
    expect(config.bootstrap.products[0]).toMatchObject({ autoPublish: true, description: '' });
  });

  it('fails at boot when a secret is missing', () => {
    expect(() =>
      loadExchangeConfig(
        { ...REQUIRED, EXCHANGE_BOOTSTRAP_FILE: 'bootstrap.json' },
        files({ 'bootstrap.json': JSON.stringify(bootstrap) }),
      ),
    ).toThrow(/PROVIDER_SECRET is not set[\s\S]*cannot read secrets\/subscriber.key/);
  });

  it('rejects inline secrets, dangling references and bad variables', () => {
    const inline = {
      ...bootstrap,
      accounts: [{ ...bootstrap.accounts[0], secretAccessKey: 'plain-text' }],
      subscriptions: [{ productId: 'prod-missing01', subscriberAccountId: '333333333333' }],
    };
    expect(() =>
      loadExchangeConfig(
        { ...REQUIRED, EXCHANGE_BOOTSTRAP_FILE: 'b.json' },
        files({ 'b.json': JSON.stringify(inline) }),
      ),
    ).toThrow(ExchangeConfigError);
    expect(() => loadExchangeConfig({ ...REQUIRED, EXCHANGE_PORT: 'eighty' })).toThrow(
      /EXCHANGE_PORT/,
    );
    expect(() => loadExchangeConfig({ ...REQUIRED, EXCHANGE_REGION: 'moon' })).toThrow(
      /EXCHANGE_REGION/,
    );
  });
});
