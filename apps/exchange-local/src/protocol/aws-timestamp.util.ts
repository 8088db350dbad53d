/**
 * Data Exchange timestamps are RFC 3339 with milliseconds ("2019-10-11T14:12:24.640Z"), which
 * the JS SDK parses with `parseRfc3339DateTimeWithOffset`.
 */
export function toAdxTimestamp(date: Date): string {
  return date.toISOString();
}

/** Marketplace Catalog timestamps are plain strings of the pattern `YYYY-MM-DDTHH:MM:SSZ`. */
export function toCatalogTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
