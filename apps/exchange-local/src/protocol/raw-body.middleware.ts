import type { NextFunction, Request, Response } from 'express';

import { awsErrors } from './aws-error.exception';

/** Requests whose bodies are read and (when present) parsed as JSON before routing. */
export interface RawBodyRequest extends Request {
  rawBody?: Buffer;
}

/**
 * Reads the whole request body once, keeping the exact bytes for SigV4 payload hashing, and
 * parses it as JSON. Replaces express' body parsers so that a malformed or oversized body becomes
 * an AWS-style error instead of an HTML page. Paths under `skipPrefixes` (streamed uploads) are
 * left untouched.
 */
export function rawBodyMiddleware(options: {
  limitBytes: number;
  skipPrefixes: readonly string[];
}) {
  return (request: RawBodyRequest, _response: Response, next: NextFunction): void => {
    if (options.skipPrefixes.some((prefix) => request.path.startsWith(prefix))) {
      next();
      return;
    }
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > options.limitBytes) {
      request.resume();
      next(awsErrors.requestEntityTooLarge(options.limitBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      received += chunk.length;
      if (received > options.limitBytes) {
        failed = true;
        next(awsErrors.requestEntityTooLarge(options.limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', (error) => {
      if (failed) return;
      failed = true;
      next(error);
    });
    request.on('end', () => {
      if (failed) return;
      const raw = Buffer.concat(chunks);
      request.rawBody = raw;
      try {
        request.body = parseJsonBody(raw);
      } catch (error) {
        next(error);
        return;
      }
      next();
    });
  };
}

export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw awsErrors.serialization('The request body is not valid JSON.');
  }
}
