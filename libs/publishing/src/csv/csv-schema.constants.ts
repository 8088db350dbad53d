import type { DataType } from '@tickline/domain';

export interface CsvColumn {
  readonly name: string;
  /** `timestamp` ISO-8601 UTC with 6 fraction digits; `integer` decimal digits; `decimal` exact text. */
  readonly type: 'timestamp' | 'integer' | 'decimal' | 'text';
  readonly description: string;
}

const TIME_COLUMNS: readonly CsvColumn[] = [
  {
    name: 'exchange_time',
    type: 'timestamp',
    description: 'venue event time, ISO-8601 UTC with microseconds',
  },
  { name: 'exchange_time_us', type: 'integer', description: 'the same instant in epoch µs' },
  { name: 'venue', type: 'text', description: 'venue id (binance, coinbase, ...)' },
  { name: 'symbol', type: 'text', description: 'venue-native symbol' },
  { name: 'market', type: 'text', description: 'normalized BASE-QUOTE' },
];

const SEQUENCE_COLUMNS: readonly CsvColumn[] = [
  { name: 'seq_id', type: 'integer', description: 'venue sequence number, empty if none' },
  {
    name: 'first_update_id',
    type: 'integer',
    description: 'first update id covered (Binance U), empty if none',
  },
  {
    name: 'last_update_id',
    type: 'integer',
    description: 'last update id covered (Binance/Bybit u, snapshot lastUpdateId), empty if none',
  },
  {
    name: 'prev_id',
    type: 'integer',
    description: 'id the venue says precedes this message, empty if none',
  },
  { name: 'checksum', type: 'integer', description: 'venue book checksum, empty if none' },
];

const LEVEL_COLUMNS: readonly CsvColumn[] = [
  { name: 'side', type: 'text', description: 'bid or ask; empty for a message without levels' },
  {
    name: 'level',
    type: 'integer',
    description: '0-based position of the level within its side in the venue message',
  },
  { name: 'price', type: 'decimal', description: 'level price, exact as the venue sent it' },
  {
    name: 'size',
    type: 'decimal',
    description: 'level size, exact; in a delta "0" removes the level',
  },
];

/** The columns of each data type's daily CSV, in file order. */
export const CSV_COLUMNS: Readonly<Record<DataType, readonly CsvColumn[]>> = {
  trade: [
    ...TIME_COLUMNS,
    {
      name: 'trade_id',
      type: 'text',
      description: 'venue trade id, empty where the venue sends none',
    },
    { name: 'side', type: 'text', description: 'taker side: buy or sell' },
    { name: 'price', type: 'decimal', description: 'trade price, exact as the venue sent it' },
    { name: 'size', type: 'decimal', description: 'trade size, exact as the venue sent it' },
    { name: 'seq_id', type: 'integer', description: 'venue sequence number, empty if none' },
  ],
  book_delta: [...TIME_COLUMNS, ...SEQUENCE_COLUMNS, ...LEVEL_COLUMNS],
  book_snapshot: [
    ...TIME_COLUMNS,
    ...SEQUENCE_COLUMNS,
    { name: 'depth', type: 'integer', description: 'requested snapshot depth, empty if none' },
    ...LEVEL_COLUMNS,
  ],
};

/** The header line (with its newline) of a data type's CSV. */
export function csvHeader(type: DataType): string {
  return `${CSV_COLUMNS[type].map((column) => column.name).join(',')}\n`;
}

/** Version of the column layout; bump on any change so manifests say which layout a file has. */
export const CSV_SCHEMA_VERSION = 1;
