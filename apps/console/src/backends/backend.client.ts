import { BadGatewayException, HttpException, Injectable } from '@nestjs/common';
import { ConfigService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';

export type Backend = 'cache' | 'publisher' | 'exporter';

/**
 * Server-side calls to the backends, so the browser talks only to the console. A backend's own
 * 4xx is passed on with its message; an unreachable backend is a 502 naming it.
 */
@Injectable()
export class BackendClient {
  private readonly baseUrls: Record<Backend, string>;
  readonly timeoutMs: number;

  constructor(config: ConfigService<AppConfig>) {
    const trim = (url: string) => url.replace(/\/+$/, '');
    this.baseUrls = {
      cache: trim(config.get('CONSOLE_CACHE_URL')),
      publisher: trim(config.get('CONSOLE_PUBLISHER_URL')),
      exporter: trim(config.get('CONSOLE_EXPORTER_URL')),
    };
    this.timeoutMs = config.get('CONSOLE_BACKEND_TIMEOUT');
  }

  url(backend: Backend, path: string, query: Record<string, string | undefined> = {}): string {
    const params = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    return `${this.baseUrls[backend]}${path}${params ? `?${params}` : ''}`;
  }

  async getJson(
    backend: Backend,
    path: string,
    query: Record<string, string | undefined> = {},
  ): Promise<unknown> {
    const url = this.url(backend, path, query);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new BadGatewayException(
        `The ${backend} is unavailable at ${this.baseUrls[backend]}: ${(error as Error).message}`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      const message = this.messageOf(text) ?? `answered ${response.status}`;
      if (response.status >= 400 && response.status < 500)
        throw new HttpException(message, response.status);
      throw new BadGatewayException(`The ${backend} failed: ${message}`);
    }
    return JSON.parse(text) as unknown;
  }

  /** Whether a backend answers its /readyz with 200. */
  async ready(backend: Backend): Promise<boolean> {
    try {
      return (
        await fetch(this.url(backend, '/readyz'), { signal: AbortSignal.timeout(this.timeoutMs) })
      ).ok;
    } catch {
      return false;
    }
  }

  private messageOf(text: string): string | undefined {
    try {
      const body = JSON.parse(text) as { message?: unknown };
      return typeof body.message === 'string' ? body.message : undefined;
    } catch {
      return text.slice(0, 300) || undefined;
    }
  }
}
