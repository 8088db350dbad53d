import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';

const REQUEST_ID_HEADER = 'x-amzn-RequestId';

/** Every response carries a request id; the SDKs expose it as `$metadata.requestId`. */
export function requestIdMiddleware(
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  response.setHeader(REQUEST_ID_HEADER, randomUUID());
  next();
}

export function requestIdOf(_request: Request, response: Response): string {
  const existing = response.getHeader(REQUEST_ID_HEADER);
  if (typeof existing === 'string') return existing;
  const created = randomUUID();
  if (!response.headersSent) response.setHeader(REQUEST_ID_HEADER, created);
  return created;
}
