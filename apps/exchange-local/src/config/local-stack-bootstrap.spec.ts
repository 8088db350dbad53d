import { resolve } from 'node:path';

import { loadExchangeConfig } from './exchange-config.loader';

/** The bootstrap file the local stack starts exchange-local with must stay valid. */
describe('config/local-stack.bootstrap.json', () => {
  it('declares a provider, a subscriber and one product the subscriber is subscribed to', () => {
    const config = loadExchangeConfig({
      EXCHANGE_BOOTSTRAP_FILE: resolve(__dirname, '../../config/local-stack.bootstrap.json'),
      EXCHANGE_PROVIDER_SECRET_ACCESS_KEY: 'provider-secret-from-the-stack',
      EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY: 'subscriber-secret-from-the-stack',
      DATABASE_URL: 'postgresql://u:p@127.0.0.1:15432/tickline',
      S3_ENDPOINT: 'http://127.0.0.1:19000',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
    });
    expect(config.accounts.map((account) => [account.name, account.secretAccessKey])).toEqual([
      ['tickline-provider', 'provider-secret-from-the-stack'],
      ['tickline-subscriber', 'subscriber-secret-from-the-stack'],
    ]);
    const [product] = config.bootstrap.products;
    expect(product).toMatchObject({
      productId: 'prod-ticklinedemo',
      ownerAccountId: config.accounts[0]?.accountId,
    });
    expect(config.bootstrap.subscriptions).toEqual([
      { productId: 'prod-ticklinedemo', subscriberAccountId: config.accounts[1]?.accountId },
    ]);
  });
});
