import { Inject, Injectable } from '@nestjs/common';

import { VALIDATED_CONFIG } from './config.constants';

/**
 * Typed read access to the validated config. Inject as `ConfigService<AppConfig>` where
 * `AppConfig = z.output<typeof appConfigSchema>`; the class is the DI token, the type
 * parameter only informs the compiler.
 */
@Injectable()
export class ConfigService<T extends object = Record<string, unknown>> {
  constructor(@Inject(VALIDATED_CONFIG) private readonly values: T) {}

  get<K extends keyof T>(key: K): T[K] {
    return this.values[key];
  }

  /** The whole validated config (frozen). */
  all(): Readonly<T> {
    return this.values;
  }
}
