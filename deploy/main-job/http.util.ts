// Small HTTP helpers: JSON requests with a timeout, and polling until a condition holds.

export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    body: string,
  ) {
    super(`${url} answered ${status}: ${body.slice(0, 300)}`);
  }
}

export async function fetchText(
  url: string,
  init: RequestInit = {},
  timeoutMs = 10_000,
): Promise<string> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  if (!response.ok) throw new HttpError(url, response.status, body);
  return body;
}

export async function fetchJson<T>(
  url: string,
  init: RequestInit = {},
  timeoutMs = 10_000,
): Promise<T> {
  return JSON.parse(await fetchText(url, init, timeoutMs)) as T;
}

export function postJson<T>(url: string, body: unknown, timeoutMs = 30_000): Promise<T> {
  return fetchJson<T>(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    timeoutMs,
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `check` until it returns a value (not undefined) or the time is up. `onTick` is called
 * after each miss (progress lines); errors of `check` count as a miss, the last one is reported.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    onTick?: (elapsedMs: number) => void;
    abort?: () => string | undefined;
  },
): Promise<T> {
  const began = Date.now();
  let lastError: unknown;
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) throw new Error(`${what}: ${aborted}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    const elapsed = Date.now() - began;
    if (elapsed > options.timeoutMs) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(
        `Timed out after ${Math.round(elapsed / 1000)} s waiting for ${what}${cause}`,
      );
    }
    options.onTick?.(elapsed);
    await sleep(options.intervalMs ?? 500);
  }
}
