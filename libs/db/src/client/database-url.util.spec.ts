import { parseDatabaseUrl, quoteIdentifier, withDatabase } from './database-url.util';

describe('parseDatabaseUrl', () => {
  it('defaults to the public schema and leaves the URL alone', () => {
    expect(parseDatabaseUrl('postgresql://u:p@127.0.0.1:5432/tickline')).toEqual({
      connectionString: 'postgresql://u:p@127.0.0.1:5432/tickline',
      database: 'tickline',
      schema: 'public',
      pgOptions: undefined,
    });
  });

  it("turns Prisma's ?schema= into the search path and removes it from the driver's URL", () => {
    const target = parseDatabaseUrl(
      'postgres://u:p@db:5432/tickline?schema=exchange&sslmode=disable',
    );

    expect(target.schema).toBe('exchange');
    expect(target.pgOptions).toBe('-c search_path=exchange');
    expect(target.connectionString).toBe('postgres://u:p@db:5432/tickline?sslmode=disable');
  });

  it('keeps explicit libpq options instead of overriding them', () => {
    expect(
      parseDatabaseUrl('postgresql://u@h/d?schema=x&options=-c%20statement_timeout%3D5s').pgOptions,
    ).toBeUndefined();
  });

  it.each([
    ['mysql://u@h/d', /postgresql:\/\/ scheme/],
    ['not a url', /not a valid URL/],
    ['postgresql://u@h/', /names the database ""/],
    ['postgresql://u@h/d?schema=a;drop', /names the schema "a;drop"/],
  ])('rejects %j', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
  });
});

describe('withDatabase', () => {
  it('points the URL at another database on the same server and drops the schema', () => {
    expect(withDatabase('postgresql://u:p@h:1/app?schema=x&sslmode=require', 'postgres')).toBe(
      'postgresql://u:p@h:1/postgres?sslmode=require',
    );
  });
});

describe('quoteIdentifier', () => {
  it('double-quotes and escapes', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});
