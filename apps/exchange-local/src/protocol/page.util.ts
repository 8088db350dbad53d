import type { PageCursor, PaginationTokenCodec } from './pagination-token.util';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

/**
 * Cuts a page out of `rows`, which the caller fetched in list order with one extra row: the
 * extra row only says whether a next page exists, and the token points after the last row kept.
 */
export function toPage<T>(
  rows: T[],
  pageSize: number,
  cursorOf: (row: T) => PageCursor,
  tokens: { codec: PaginationTokenCodec; scope: string },
): Page<T> {
  if (rows.length <= pageSize) return { items: rows, nextToken: undefined };
  const items = rows.slice(0, pageSize);
  const last = items[items.length - 1] as T;
  return { items, nextToken: tokens.codec.encode(tokens.scope, cursorOf(last)) };
}

/** Cursor condition for lists ordered by (createdAt desc, id desc). */
export function afterCreatedDesc(cursor: PageCursor | undefined) {
  if (!cursor) return {};
  const createdAt = new Date(cursor.key);
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: cursor.id } }] };
}

export function createdCursor(row: { createdAt: Date; id: string }): PageCursor {
  return { key: row.createdAt.toISOString(), id: row.id };
}
