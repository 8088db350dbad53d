import { createHmac, timingSafeEqual } from 'node:crypto';

import { z } from 'zod';

import { awsErrors } from './aws-error.exception';

/**
 * Where the next page starts: the sort key (a timestamp or a name, as text) and id of the last
 * item returned. Lists order by (key, id) so the cursor is stable under inserts.
 */
export const pageCursorSchema = z.object({ key: z.string(), id: z.string().min(1) }).strict();
export type PageCursor = z.infer<typeof pageCursorSchema>;

/**
 * NextToken values are opaque to callers: a base64url JSON cursor plus an HMAC over the cursor
 * and the list's scope (operation, caller and filters). A token that was altered, or that is
 * replayed against another list, fails validation instead of silently returning the wrong page.
 */
export class PaginationTokenCodec {
  constructor(private readonly secret: string) {}

  encode(scope: string, cursor: PageCursor): string {
    const payload = Buffer.from(JSON.stringify(cursor)).toString('base64url');
    return `${payload}.${this.sign(scope, payload).toString('base64url')}`;
  }

  decode(scope: string, token: string): PageCursor {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) throw invalidToken();
    const expected = this.sign(scope, payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalidToken();
    }
    const cursor = pageCursorSchema.safeParse(parsed);
    if (!cursor.success) throw invalidToken();
    return cursor.data;
  }

  private sign(scope: string, payload: string): Buffer {
    return createHmac('sha256', this.secret).update(scope).update('\n').update(payload).digest();
  }
}

function invalidToken() {
  return awsErrors.validation('The pagination token is invalid or expired.');
}
