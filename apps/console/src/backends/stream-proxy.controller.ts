import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import {
  BadGatewayException,
  Controller,
  Get,
  HttpException,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { BackendClient } from './backend.client';
import { parseRequest, streamQuerySchema } from './console-request.schema';

function messageOf(body: string): string {
  try {
    return String((JSON.parse(body) as { message?: unknown }).message ?? body);
  } catch {
    return body || 'The cache sent no stream.';
  }
}

/** `GET /api/stream?markets=...&depth=N`: the cache's SSE stream, passed through as it arrives. */
@Controller('api')
export class StreamProxyController {
  constructor(private readonly backends: BackendClient) {}

  @Get('stream')
  async stream(@Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { markets, depth } = parseRequest(streamQuerySchema, query, 'stream request');
    const abort = new AbortController();
    req.on('close', () => abort.abort());
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(this.backends.url('cache', '/v1/stream', { markets, depth }), {
        signal: abort.signal,
        headers: { accept: 'text/event-stream' },
      });
    } catch (error) {
      throw new BadGatewayException(`The cache stream is unavailable: ${(error as Error).message}`);
    }
    if (!upstream.ok || !upstream.body) {
      throw new HttpException(
        messageOf(await upstream.text()),
        upstream.ok ? 502 : upstream.status,
      );
    }
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    const body = Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>);
    body.on('error', () => res.end());
    body.pipe(res);
  }
}
