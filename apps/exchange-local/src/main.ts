import { Logger } from '@nestjs/common';

import { startExchangeApp } from './app/exchange-app.factory';
import { loadExchangeConfig } from './config/exchange-config.loader';

async function main(): Promise<void> {
  const config = loadExchangeConfig(process.env);
  const app = await startExchangeApp(config);
  new Logger('exchange-local').log(
    `exchange-local listening on ${await app.getUrl()} (region ${config.region}, ${config.accounts.length} account(s)).`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `exchange-local failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
