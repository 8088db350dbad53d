import { DataExchangeClient } from '@aws-sdk/client-dataexchange';
import { MarketplaceCatalogClient } from '@aws-sdk/client-marketplace-catalog';

import type { AppConfig } from '../app-config.schema';

/** The provider's Data Exchange and Marketplace Catalog clients: same code for AWS and exchange-local. */
export class ExchangeClients {
  readonly dataExchange: DataExchangeClient;
  readonly catalog: MarketplaceCatalogClient;

  constructor(
    config: Pick<
      AppConfig,
      | 'EXCHANGE_ENDPOINT'
      | 'EXCHANGE_REGION'
      | 'EXCHANGE_PROVIDER_ACCESS_KEY_ID'
      | 'EXCHANGE_PROVIDER_SECRET_ACCESS_KEY'
    >,
  ) {
    const options = {
      region: config.EXCHANGE_REGION,
      maxAttempts: 5,
      ...(config.EXCHANGE_ENDPOINT === undefined ? {} : { endpoint: config.EXCHANGE_ENDPOINT }),
      ...(config.EXCHANGE_PROVIDER_ACCESS_KEY_ID && config.EXCHANGE_PROVIDER_SECRET_ACCESS_KEY
        ? {
            credentials: {
              accessKeyId: config.EXCHANGE_PROVIDER_ACCESS_KEY_ID,
              secretAccessKey: config.EXCHANGE_PROVIDER_SECRET_ACCESS_KEY,
            },
          }
        : {}),
    };
    this.dataExchange = new DataExchangeClient(options);
    this.catalog = new MarketplaceCatalogClient(options);
  }

  destroy(): void {
    this.dataExchange.destroy();
    this.catalog.destroy();
  }
}
