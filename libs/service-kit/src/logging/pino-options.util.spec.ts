import { createServer, Server } from 'node:http';
import { Writable } from 'node:stream';

import { pinoHttp } from 'pino-http';
import request from 'supertest';

import { pinoHttpOptions } from './pino-options.util';

function serverLoggingTo(lines: Record<string, unknown>[], level = 'info'): Server {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')));
      done();
    },
  });
  const middleware = pinoHttp(pinoHttpOptions({ level, service: 'sample' }), sink);
  return createServer((req, res) => {
    middleware(req, res);
    req.log.info({ config: { S3_SECRET_ACCESS_KEY: 'abc', S3_REGION: 'eu-west-1' } }, 'handled');
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('ok');
  });
}

describe('pinoHttpOptions', () => {
  it('writes JSON lines with service, level label and ISO time, and redacts credentials', async () => {
    const lines: Record<string, unknown>[] = [];
    await request(serverLoggingTo(lines))
      .get('/orders')
      .set('authorization', 'Bearer top-secret')
      .set('cookie', 'session=abc')
      .expect(200);
    const completed = lines.find((line) => line['msg'] === 'request completed') as {
      req: { headers: Record<string, string> };
    } & Record<string, unknown>;
    expect(completed).toMatchObject({ service: 'sample', level: 'info' });
    expect(completed['time']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(completed.req.headers['authorization']).toBe('[redacted]');
    expect(completed.req.headers['cookie']).toBe('[redacted]');
    const handled = lines.find((line) => line['msg'] === 'handled') as {
      config: Record<string, string>;
    };
    expect(handled.config).toEqual({ S3_SECRET_ACCESS_KEY: '[redacted]', S3_REGION: 'eu-west-1' });
    expect(JSON.stringify(lines)).not.toContain('top-secret');
  });

  it('propagates or creates a request id and echoes it in the response', async () => {
    const lines: Record<string, unknown>[] = [];
    const server = serverLoggingTo(lines);
    const given = await request(server).get('/a').set('x-request-id', 'req-42').expect(200);
    expect(given.headers['x-request-id']).toBe('req-42');
    const fresh = await request(server).get('/b').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      lines
        .filter((line) => line['msg'] === 'request completed')
        .map((line) => (line['req'] as { id: string }).id),
    ).toEqual(['req-42', fresh.headers['x-request-id']]);
  });

  it('does not log probe and scrape requests, and logs client errors as warnings', async () => {
    const lines: Record<string, unknown>[] = [];
    const server = serverLoggingTo(lines);
    await request(server).get('/healthz').expect(200);
    await request(server).get('/metrics?x=1').expect(200);
    await request(server).get('/missing').expect(404);
    const completed = lines.filter(
      (line) => line['msg'] === 'request completed' || line['msg'] === 'request errored',
    );
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ level: 'warn', res: { statusCode: 404 } });
  });

  it('honours the configured level', async () => {
    const lines: Record<string, unknown>[] = [];
    await request(serverLoggingTo(lines, 'warn')).get('/orders').expect(200);
    expect(lines).toEqual([]);
  });
});
