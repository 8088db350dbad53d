import {
  ColumnTypeEnum,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';

import { markCharColumns, withCatalogChars } from './schema-engine-adapter.factory';

const query = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/**
 * Stands in for the pg adapter's queryable: queryRaw maps the driver's field types through
 * performIO, treating "char" (18) as unsupported, as @prisma/adapter-pg does.
 */
function queryable(
  fields: number[][],
): SqlQueryable & { performIO(q: SqlQuery): Promise<{ fields: { dataTypeID: number }[] }> } {
  let call = 0;
  return {
    provider: 'postgres',
    adapterName: 'stub',
    async performIO() {
      const types = fields[call++] ?? [];
      return { fields: types.map((dataTypeID) => ({ dataTypeID })) };
    },
    async queryRaw(
      this: { performIO(q: SqlQuery): Promise<{ fields: { dataTypeID: number }[] }> },
      q: SqlQuery,
    ): Promise<SqlResultSet> {
      const { fields: result } = await this.performIO(q);
      const columnTypes = result.map((field) => {
        if (field.dataTypeID === 18) {
          throw new Error("Column type 'char' could not be deserialized");
        }
        return field.dataTypeID === 25 ? ColumnTypeEnum.Text : ColumnTypeEnum.Int32;
      });
      return { columnNames: result.map((_, i) => `c${i}`), columnTypes, rows: [] };
    },
    async executeRaw() {
      return 0;
    },
  };
}

describe('markCharColumns', () => {
  it('relabels "char" fields as text and returns their positions', () => {
    const result = {
      fields: [{ dataTypeID: 25 }, { dataTypeID: 18 }, { dataTypeID: 23 }, { dataTypeID: 18 }],
    };

    expect(markCharColumns(result)).toEqual([1, 3]);
    expect(result.fields.map((field) => field.dataTypeID)).toEqual([25, 25, 23, 25]);
  });
});

describe('withCatalogChars', () => {
  it('reports "char" columns as Character and leaves the others alone', async () => {
    const wrapped = withCatalogChars(queryable([[25, 18, 23]]));

    const result = await wrapped.queryRaw(query('SELECT relname, relkind, relnatts FROM pg_class'));

    expect(result.columnTypes).toEqual([
      ColumnTypeEnum.Text,
      ColumnTypeEnum.Character,
      ColumnTypeEnum.Int32,
    ]);
  });

  it('keeps overlapping queries apart', async () => {
    const wrapped = withCatalogChars(queryable([[18], [25]]));

    const [first, second] = await Promise.all([
      wrapped.queryRaw(query('a')),
      wrapped.queryRaw(query('b')),
    ]);

    expect(first.columnTypes).toEqual([ColumnTypeEnum.Character]);
    expect(second.columnTypes).toEqual([ColumnTypeEnum.Text]);
  });

  it('refuses an adapter without the hook it relies on', () => {
    const { performIO: _dropped, ...withoutHook } = queryable([]);

    expect(() => withCatalogChars(withoutHook as SqlQueryable)).toThrow(/performIO/);
  });
});
