import { createServer } from 'node:net';

/** A TCP port free right now on 127.0.0.1. */
export async function freePortForTest(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('No port from the OS');
  return address.port;
}
