// Public entry of exchange-local for tests, tooling and the local stack; the process entry is main.ts.
export { startExchangeApp } from './app/exchange-app.factory';
export { bootstrapFileSchema, type BootstrapFile } from './config/bootstrap-file.schema';
export {
  type ExchangeConfig,
  ExchangeConfigError,
  loadExchangeConfig,
} from './config/exchange-config.loader';
