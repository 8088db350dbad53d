import { DATA_TYPES, type DataType, VENUES } from '@tickline/domain';

import type { MappingFile } from './mapping.schema';

const TYPE_NAMES: Record<DataType, string> = {
  trade: 'trades',
  book_delta: 'book-deltas',
  book_snapshot: 'book-snapshots',
};

/** `coinbase-trades`, `binance-book-deltas`, ... */
function defaultDataSetName(venue: string, type: DataType): string {
  return `${venue}-${TYPE_NAMES[type]}`;
}

/**
 * The embedded mapping: every venue x data type of the lake is one data set, all in one
 * product. Used when PUBLISHER_MAPPING_FILE is unset.
 */
export function defaultMapping(options: {
  lakeBucket: string;
  productBucket: string;
  productId: string;
}): MappingFile {
  const sources = VENUES.flatMap((venue) =>
    DATA_TYPES.map((type) => ({ venue, type, dataSets: [defaultDataSetName(venue, type)] })),
  );
  return {
    lakeBucket: options.lakeBucket,
    incoming: { bucket: options.productBucket, prefix: 'incoming/' },
    dataSources: sources,
    dataSets: sources.map((source) => ({
      name: source.dataSets[0] as string,
      bucket: options.productBucket,
      products: [options.productId],
    })),
  };
}
