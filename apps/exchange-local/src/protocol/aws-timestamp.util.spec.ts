import { toAdxTimestamp, toCatalogTimestamp } from './aws-timestamp.util';

describe('AWS timestamps', () => {
  const date = new Date(Date.UTC(2019, 9, 11, 14, 12, 24, 640));

  it('writes Data Exchange timestamps as RFC 3339 with milliseconds', () => {
    expect(toAdxTimestamp(date)).toBe('2019-10-11T14:12:24.640Z');
  });

  it('writes Catalog timestamps as YYYY-MM-DDTHH:MM:SSZ', () => {
    expect(toCatalogTimestamp(date)).toBe('2019-10-11T14:12:24Z');
  });
});
