import { ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { z } from 'zod';

import { HttpExceptionFilter } from './http-exception.filter';

function respond(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
      return response;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return sent;
}

describe('HttpExceptionFilter', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('keeps the status and body of HTTP exceptions', () => {
    expect(respond(new NotFoundException('No such order.'))).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'No such order.' },
    });
    expect(respond(new BadRequestException({ message: 'Bad day', reasons: ['x'] }))).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'Bad day', reasons: ['x'] },
    });
  });

  it('turns a ZodError into a 400 with the issues', () => {
    const result = z.object({ n: z.number() }).safeParse({ n: 'x' });
    const { status, body } = respond(result.error);
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, message: 'Validation failed' });
    expect((body['errors'] as { path: string[] }[])[0]?.path).toEqual(['n']);
  });

  it('keeps exposed 4xx errors from body parsing', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
    });
    expect(respond(tooLarge)).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'request entity too large' },
    });
  });

  it('answers anything else with a bare 500: no message, no stack', () => {
    const secret = new Error('connect to postgresql://admin:pw@db failed');
    const { status, body } = respond(secret);
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(JSON.stringify(body)).not.toContain('postgresql');
    expect(respond('thrown string').status).toBe(500);
    expect(respond(Object.assign(new Error('x'), { status: 503, expose: true })).status).toBe(500);
  });
});
