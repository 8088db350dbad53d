import { appConfigSchema } from '../app-config.schema';
import { loadMapping, parseMappingText } from './mapping.loader';
import { MappingError } from './mapping.schema';

const valid = {
  lakeBucket: 'tickline-lake',
  incoming: { bucket: 'tickline-products', prefix: 'incoming/' },
  dataSources: [
    { venue: 'coinbase', type: 'trade', dataSets: ['coinbase-trades', 'coinbase-trades-eu'] },
  ],
  dataSets: [
    { name: 'coinbase-trades', bucket: 'tickline-products', products: ['prod-ticklinedemo'] },
    {
      name: 'coinbase-trades-eu',
      bucket: 'tickline-eu',
      products: ['prod-eu', 'prod-ticklinedemo'],
    },
  ],
};

function problemsOf(text: string): readonly string[] {
  try {
    parseMappingText(text, '20 0 * * *');
  } catch (error) {
    if (error instanceof MappingError) return error.problems;
    throw error;
  }
  throw new Error('expected a MappingError');
}

describe('mapping file validation', () => {
  it('resolves data sets with their source, prefix, products and the default schedule', () => {
    const mapping = parseMappingText(JSON.stringify(valid), '20 0 * * *');
    expect(mapping.schedule).toBe('20 0 * * *');
    expect(mapping.products).toEqual(['prod-eu', 'prod-ticklinedemo']);
    expect(mapping.dataSets[1]).toEqual({
      name: 'coinbase-trades-eu',
      description: 'coinbase trade events, one file per UTC day',
      bucket: 'tickline-eu',
      prefix: 'products/coinbase-trades-eu/',
      venue: 'coinbase',
      type: 'trade',
      products: ['prod-eu', 'prod-ticklinedemo'],
    });
  });

  it('names every field problem with its path', () => {
    const bad = {
      ...valid,
      dataSources: [{ venue: 'nasdaq', type: 'trade', dataSets: ['Bad_Name'] }],
      extra: true,
    };
    expect(problemsOf(JSON.stringify(bad))).toEqual([
      expect.stringMatching(/^dataSources\[0\]\.venue: expected a venue/),
      expect.stringMatching(/^dataSources\[0\]\.dataSets\[0\]: expected a data set name/),
      expect.stringMatching(/^\(root\): Unrecognized key: "extra"/),
    ]);
  });

  it('rejects dangling and ambiguous references, and a bad schedule', () => {
    const bad = {
      ...valid,
      schedule: '20 25 * * *',
      dataSources: [
        { venue: 'coinbase', type: 'trade', dataSets: ['coinbase-trades', 'missing-set'] },
        { venue: 'kraken', type: 'trade', dataSets: ['coinbase-trades'] },
      ],
    };
    expect(problemsOf(JSON.stringify(bad))).toEqual([
      expect.stringMatching(/^schedule: expected "minute hour \* \* \*"/),
      'dataSources[0] (coinbase trade): data set "missing-set" is not declared in dataSets',
      'data set "coinbase-trades" is fed by more than one data source',
      'data set "coinbase-trades-eu" has no data source',
    ]);
  });

  it('says when the file is not JSON', () => {
    expect(problemsOf('{ nope')[0]).toMatch(/^mapping is not JSON/);
  });

  it('embeds a default: every venue x data type as a data set of EXCHANGE_PRODUCT_ID', () => {
    const config = appConfigSchema.parse({
      DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
      KAFKA_BROKERS: 'localhost:9092',
      EXCHANGE_PRODUCT_ID: 'prod-other',
    });
    const mapping = loadMapping(config, () => {
      throw new Error('no file is read');
    });
    expect(mapping.dataSets).toHaveLength(18);
    expect(mapping.dataSets.map((d) => d.name)).toContain('binance-book-deltas');
    expect(mapping.products).toEqual(['prod-other']);
    expect(mapping.incoming).toEqual({ bucket: 'tickline-products', prefix: 'incoming/' });
  });
});
