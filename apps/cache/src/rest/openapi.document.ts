import { VENUES } from '@tickline/domain';

/**
 * The cache's REST API, written by hand (the service has three reads and a stream; a generator
 * would need the zod schemas mirrored as Swagger decorators). `openapi.document.spec.ts` checks
 * it against the controllers' routes.
 */
const venue = {
  name: 'venue',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: [...VENUES] },
} as const;

const symbol = {
  name: 'symbol',
  in: 'path',
  required: true,
  description:
    'Venue-native symbol (`BTCUSDT`, `XBT/USD`); URL-encode a `/` as `%2F` (`XBT%2FUSD`).',
  schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$' },
} as const;

const depth = {
  name: 'depth',
  in: 'query',
  required: false,
  description:
    'Levels per side, best first; the whole book when absent. At most CACHE_MAX_DEPTH (default 5000).',
  schema: { type: 'integer', minimum: 1 },
} as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const json = (ref: string, description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});

const level = {
  type: 'array',
  description: '[price, size] as the venue sent them (exact decimal text)',
  items: { type: 'string' },
  minItems: 2,
  maxItems: 2,
} as const;

const staleness = {
  lastExchangeTimeUs: {
    type: 'integer',
    description: "latest exchange time of the market's events (epoch µs)",
  },
  lastReceiveTimeUs: { type: 'integer', description: 'latest ingester receive time (epoch µs)' },
  ageMs: { type: 'integer', description: 'milliseconds since lastReceiveTimeUs' },
  stale: { type: 'boolean', description: 'ageMs above CACHE_STALE_AFTER (default 30 s)' },
} as const;

const identity = {
  id: { type: 'string', description: 'market id venue:symbol', example: 'binance:BTCUSDT' },
  venue: { type: 'string', enum: [...VENUES] },
  symbol: { type: 'string', example: 'BTCUSDT' },
  market: { type: 'string', description: 'normalized BASE-QUOTE', example: 'BTC-USDT' },
} as const;

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Tickline cache',
    version: '1.0.0',
    description:
      'Latest trade and full L2 order book of every market, from the validated event stream. The same reads are offered over gRPC (package tickline.cache.v1).',
  },
  paths: {
    '/v1/markets': {
      get: {
        operationId: 'listMarkets',
        summary: 'Every market the cache holds, with update times and staleness',
        responses: { '200': json('MarketList', 'the markets, sorted by id') },
      },
    },
    '/v1/markets/{venue}/{symbol}/trade': {
      get: {
        operationId: 'getLatestTrade',
        summary: 'The latest trade of a market',
        parameters: [venue, symbol],
        responses: {
          '200': json('TradeView', 'the latest trade (null when the market has only book events)'),
          '400': errorResponse('malformed venue or symbol'),
          '404': errorResponse('the cache has no event for this market'),
        },
      },
    },
    '/v1/markets/{venue}/{symbol}/book': {
      get: {
        operationId: 'getBook',
        summary: 'The L2 order book of a market',
        parameters: [venue, symbol, depth],
        responses: {
          '200': json('BookView', 'the top `depth` levels of each side'),
          '400': errorResponse('malformed venue, symbol or depth'),
          '404': errorResponse('the cache has no event for this market'),
        },
      },
    },
    '/v1/stream': {
      get: {
        operationId: 'stream',
        summary: 'Server-sent events: trades and book updates of chosen markets',
        description:
          'First a `book` and a `trade` event per market with the current state, then a `trade` event per trade and a `book` event (top `depth` levels) after book changes, coalesced to at most one per market per event-loop turn. A comment line every 15 s keeps proxies from closing the connection.',
        parameters: [
          {
            name: 'markets',
            in: 'query',
            required: true,
            description: 'comma separated market ids (URL-encoded), at most 100',
            schema: { type: 'string', example: 'binance:BTCUSDT,kraken:XBT%2FUSD' },
          },
          { ...depth, description: 'levels per side in book events (default 20)' },
        ],
        responses: {
          '200': {
            description:
              'an event stream: `event: trade` with a TradeView, `event: book` with a BookView',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          '400': errorResponse('malformed markets or depth'),
          '404': errorResponse('one of the markets is unknown'),
        },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['statusCode', 'error', 'message'],
        properties: {
          statusCode: { type: 'integer' },
          error: { type: 'string' },
          message: { type: 'string' },
        },
      },
      MarketSummary: {
        type: 'object',
        properties: {
          ...identity,
          hasTrade: { type: 'boolean' },
          hasBook: { type: 'boolean' },
          bidLevels: { type: 'integer' },
          askLevels: { type: 'integer' },
          lastAppliedAtUs: {
            type: 'integer',
            description: 'when this replica last changed the market (its clock, epoch µs)',
          },
          eventCount: {
            type: 'integer',
            description: 'events this replica applied since it started',
          },
          ...staleness,
        },
      },
      MarketList: {
        type: 'object',
        properties: {
          markets: { type: 'array', items: { $ref: '#/components/schemas/MarketSummary' } },
        },
      },
      Trade: {
        type: 'object',
        description: 'a trade envelope of md.events.valid.v1 (see docs/domain.md)',
        properties: {
          v: { type: 'integer' },
          venue: { type: 'string' },
          symbol: { type: 'string' },
          market: { type: 'string' },
          type: { type: 'string', const: 'trade' },
          exchangeTimeUs: { type: 'integer' },
          receiveTimeUs: { type: 'integer' },
          system: { type: 'string', enum: ['primary', 'replica'] },
          ingesterId: { type: 'string' },
          payload: {
            type: 'object',
            properties: {
              price: { type: 'string' },
              size: { type: 'string' },
              side: { type: 'string', enum: ['buy', 'sell'], description: "the taker's side" },
              tradeId: { type: 'string' },
            },
          },
        },
      },
      TradeView: {
        type: 'object',
        properties: {
          ...identity,
          trade: { oneOf: [{ $ref: '#/components/schemas/Trade' }, { type: 'null' }] },
          ...staleness,
        },
      },
      BookView: {
        type: 'object',
        properties: {
          ...identity,
          bids: { type: 'array', items: level, description: 'best (highest) first' },
          asks: { type: 'array', items: level, description: 'best (lowest) first' },
          bidLevels: { type: 'integer', description: 'levels on the bid side in total' },
          askLevels: { type: 'integer' },
          crossed: { type: 'boolean' },
          spread: { type: ['string', 'null'], description: 'best ask minus best bid, exact' },
          seqId: { type: ['integer', 'null'] },
          lastUpdateId: { type: ['integer', 'null'] },
          checksum: { type: ['integer', 'null'] },
          bookExchangeTimeUs: { type: ['integer', 'null'] },
          bookReceiveTimeUs: { type: ['integer', 'null'] },
          ...staleness,
        },
      },
    },
  },
} as const;
