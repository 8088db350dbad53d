/** Injection token of the validated ExchangeConfig. */
export const EXCHANGE_CONFIG = Symbol('EXCHANGE_CONFIG');
