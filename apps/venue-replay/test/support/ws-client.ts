import WebSocket from 'ws';

export interface Received {
  readonly text: string;
  readonly binary: boolean;
  readonly atMs: number;
}

/**
 * A real `ws` client that records every frame it receives, with helpers to wait for frames.
 * Waits are bounded by generous timeouts that only catch hangs; nothing asserts on timing.
 */
export class WsClient {
  readonly received: Received[] = [];
  readonly pings: number[] = [];
  closeCode: number | undefined;
  private waiters: (() => void)[] = [];
  private readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, binary) => {
      const text = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(data as Buffer[]).toString('utf8');
      this.received.push({ text, binary, atMs: Date.now() });
      this.notify();
    });
    socket.on('ping', () => {
      this.pings.push(Date.now());
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code) => {
        this.closeCode = code;
        this.notify();
        resolve(code);
      });
    });
  }

  static async connect(url: string, options: WebSocket.ClientOptions = {}): Promise<WsClient> {
    const socket = new WebSocket(url, options);
    const client = new WsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`Upgrade refused with HTTP ${response.statusCode}`)),
      );
    });
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Parsed JSON frames (garbage is skipped). */
  json<T = unknown>(): T[] {
    const frames: T[] = [];
    for (const frame of this.received) {
      try {
        frames.push(JSON.parse(frame.text) as T);
      } catch {
        // not JSON
      }
    }
    return frames;
  }

  /** Waits until `done()` holds, re-checking on every frame, ping or close. */
  async until(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `Timed out waiting for ${what}; ${this.received.length} frames so far, last: ${this.received.at(-1)?.text.slice(0, 300)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the first JSON frame matching `predicate` and returns it. */
  async next<T = unknown>(
    what: string,
    predicate: (frame: T) => boolean,
    timeoutMs?: number,
  ): Promise<T> {
    let found: T | undefined;
    await this.until(
      what,
      () => {
        found = this.json<T>().find(predicate);
        return found !== undefined;
      },
      timeoutMs,
    );
    return found as T;
  }

  waitClosed(): Promise<number> {
    return this.closed;
  }

  close(): void {
    if (
      this.socket.readyState === WebSocket.OPEN ||
      this.socket.readyState === WebSocket.CONNECTING
    ) {
      this.socket.close();
    }
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
