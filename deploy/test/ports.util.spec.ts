import { createServer, type Server } from 'node:net';

import { assertPortsFree, isPortFree, PortInUseError } from '../stack/ports.util';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      resolve({ server, port: address.port });
    });
  });
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('port checks', () => {
  it('sees a port held by a listener as taken, and free again once it closes', async () => {
    const { server, port } = await listen();
    expect(await isPortFree(port, '127.0.0.1')).toBe(false);
    await close(server);
    expect(await isPortFree(port, '127.0.0.1')).toBe(true);
  });

  it('names the component, the port and the variable to change when a port is taken', async () => {
    const { server, port } = await listen();
    try {
      const check = assertPortsFree('kafka', { kafkaController: port }, '127.0.0.1');
      await expect(check).rejects.toBeInstanceOf(PortInUseError);
      await expect(
        assertPortsFree('kafka', { kafkaController: port }, '127.0.0.1'),
      ).rejects.toThrow(
        new RegExp(`Cannot start kafka: 127\\.0\\.0\\.1:${port} .*TICKLINE_KAFKA_CONTROLLER_PORT`),
      );
    } finally {
      await close(server);
    }
  });

  it('passes when every port is free', async () => {
    const { server, port } = await listen();
    await close(server);
    await expect(assertPortsFree('minio', { minio: port }, '127.0.0.1')).resolves.toBeUndefined();
  });
});
