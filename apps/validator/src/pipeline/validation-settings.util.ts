import type { AppConfig } from '../app-config.schema';
import type { ValidationSettings } from '../validation/validation-settings.type';
import { nowMicros } from '@tickline/domain';

/** The validation core's settings from the validated config (durations in ms become µs). */
export function validationSettings(config: AppConfig): ValidationSettings {
  return {
    service: config.SERVICE_NAME,
    ...(config.HOSTNAME === undefined ? {} : { instance: config.HOSTNAME }),
    maxFutureSkewUs: config.VALIDATOR_MAX_FUTURE_SKEW * 1000,
    maxEventAgeUs: config.VALIDATOR_MAX_EVENT_AGE * 1000,
    dedupeWindow: config.VALIDATOR_DEDUPE_WINDOW,
    maxMarkets: config.VALIDATOR_MAX_MARKETS,
    maxBookDepth: config.VALIDATOR_MAX_BOOK_DEPTH,
    now: nowMicros,
  };
}
