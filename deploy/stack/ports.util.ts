import { createServer } from 'node:net';

import { PORT_ENV_VARS, type PortName } from './stack-config.util';

/** True when nothing listens on host:port (we can bind it ourselves for a moment). */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolvePromise(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolvePromise(true));
    });
  });
}

export class PortInUseError extends Error {
  constructor(
    readonly component: string,
    readonly portName: PortName,
    readonly port: number,
    host: string,
  ) {
    super(
      `Cannot start ${component}: ${host}:${port} is already in use by another process ` +
        `(see \`ss -ltnp 'sport = :${port}'\`). Stop that process, or pick another port with ` +
        `${PORT_ENV_VARS[portName]}=<port>.`,
    );
    this.name = 'PortInUseError';
  }
}

/** Throws a PortInUseError naming the first of the given ports that is taken. */
export async function assertPortsFree(
  component: string,
  ports: Partial<Record<PortName, number>>,
  host: string,
): Promise<void> {
  for (const [name, port] of Object.entries(ports) as Array<[PortName, number]>) {
    if (!(await isPortFree(port, host))) throw new PortInUseError(component, name, port, host);
  }
}
