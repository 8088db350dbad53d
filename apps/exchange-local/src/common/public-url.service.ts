import { Inject, Injectable } from '@nestjs/common';

import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';

/**
 * The base URL clients reach this service at, for the signed URLs it hands out: the configured
 * EXCHANGE_PUBLIC_URL, or the address the server ended up listening on.
 */
@Injectable()
export class PublicUrl {
  private listening: string | undefined;

  constructor(@Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig) {}

  setListeningUrl(url: string): void {
    this.listening = url.replace(/\/+$/, '').replace('://[::1]', '://127.0.0.1');
  }

  get base(): string {
    return (
      this.config.publicUrl ?? this.listening ?? `http://${this.config.host}:${this.config.port}`
    );
  }
}
