import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@tickline/service-kit';

import { AppModule } from '../../src/app.module';

export interface ReplayApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  readonly httpUrl: string;
  /** `ws://127.0.0.1:<port>` */
  readonly wsUrl: string;
  close(): Promise<void>;
}

/** Starts the whole app in-process on an ephemeral loopback port. */
export async function startReplay(env: Record<string, string> = {}): Promise<ReplayApp> {
  const app = await createServiceApp(AppModule.forRoot({ env: { LOG_LEVEL: 'error', ...env } }));
  await app.listen(0, '127.0.0.1');
  const httpUrl = (await app.getUrl())
    .replace('[::1]', '127.0.0.1')
    .replace('localhost', '127.0.0.1');
  return {
    app,
    httpUrl,
    wsUrl: httpUrl.replace(/^http/, 'ws'),
    close: () => app.close(),
  };
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function sendJson<T = unknown>(
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
