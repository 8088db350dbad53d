// Checks that the job's ports are free before anything starts, and finds a free range for
// isolated runs.
import { createServer } from 'node:net';

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function takenPorts(ports: readonly number[]): Promise<number[]> {
  const free = await Promise.all(ports.map(isPortFree));
  return ports.filter((_, i) => !free[i]);
}

/** A random offset in [10000, 20000) under which every port is free. */
export async function freeOffset(ports: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const offset = 10_000 + Math.floor(Math.random() * 1_000) * 10;
    if ((await takenPorts(ports.map((p) => p + offset))).length === 0) return offset;
  }
  throw new Error('Found no free port range for an isolated run.');
}
