import type { Envelope } from '../src';

// One envelope per venue and data type, built by hand from real captured messages (the capture
// line is quoted above each). These are what a correct adapter produces; the domain tests use
// them as known-good input. Timestamps are epoch µs: exchange time from the message, receive
// time from the recorder's clock on that line.

/** BINANCE.ws.1.0: `nknusdt@aggTrade` {"E":1633998523963,"a":15683430,"p":"0.35280000","q":"58.00000000","T":1633998523963,"m":false}, received 1633998523.957215 */
export const binanceTrade: Envelope = {
  v: 1,
  venue: 'binance',
  symbol: 'NKNUSDT',
  market: 'NKN-USDT',
  type: 'trade',
  exchangeTimeUs: 1_633_998_523_963_000,
  receiveTimeUs: 1_633_998_523_957_215,
  system: 'primary',
  ingesterId: 'ingestor-0',
  // m=false: the buyer was not the maker, so the taker bought.
  payload: { price: '0.35280000', size: '58.00000000', side: 'buy', tradeId: '15683430' },
};

/** BINANCE.ws.1.0: `nknusdt@depth@100ms` {"E":1633998512068,"U":499869750,"u":499869752,"b":[3 levels],"a":[]}, received 1633998512.0633569 */
export const binanceDelta: Envelope = {
  v: 1,
  venue: 'binance',
  symbol: 'NKNUSDT',
  market: 'NKN-USDT',
  type: 'book_delta',
  exchangeTimeUs: 1_633_998_512_068_000,
  receiveTimeUs: 1_633_998_512_063_356,
  firstUpdateId: 499_869_750,
  lastUpdateId: 499_869_752,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: {
    bids: [
      ['0.35130000', '6195.00000000'],
      ['0.34750000', '5548.00000000'],
      ['0.34640000', '6222.00000000'],
    ],
    asks: [],
  },
};

/** BINANCE.http.0.0: `/api/v3/depth?symbol=NKNUSDT&limit=1000` {"lastUpdateId":499869752,...} (first levels), received 1633998512.320639 */
export const binanceSnapshot: Envelope = {
  v: 1,
  venue: 'binance',
  symbol: 'NKNUSDT',
  market: 'NKN-USDT',
  type: 'book_snapshot',
  // The REST snapshot carries no time; the adapter stamps it with the receive time.
  exchangeTimeUs: 1_633_998_512_320_639,
  receiveTimeUs: 1_633_998_512_320_639,
  lastUpdateId: 499_869_752,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: {
    depth: 1000,
    bids: [
      ['0.35210000', '672.00000000'],
      ['0.35200000', '1144.00000000'],
    ],
    asks: [],
  },
};

/** COINBASE.ws.28.0: {"type":"match","trade_id":280232,"side":"sell","size":"985","price":"0.00001305","product_id":"SKL-BTC","sequence":177100030,"time":"2021-04-17T16:43:37.089723Z"}, received 1618677817.1295161 */
export const coinbaseTrade: Envelope = {
  v: 1,
  venue: 'coinbase',
  symbol: 'SKL-BTC',
  market: 'SKL-BTC',
  type: 'trade',
  exchangeTimeUs: 1_618_677_817_089_723,
  receiveTimeUs: 1_618_677_817_129_516,
  seqId: 177_100_030,
  system: 'replica',
  ingesterId: 'ingestor-replica-0',
  // Coinbase `side` is the maker's side: a "sell" maker means the taker bought.
  payload: { price: '0.00001305', size: '985', side: 'buy', tradeId: '280232' },
};

/** COINBASE.ws.28.0: {"type":"l2update","product_id":"SKL-BTC","changes":[["sell","0.00001306","660.5"]],"time":"2021-04-17T16:43:37.075687Z"}, received 1618677817.118783 */
export const coinbaseDelta: Envelope = {
  v: 1,
  venue: 'coinbase',
  symbol: 'SKL-BTC',
  market: 'SKL-BTC',
  type: 'book_delta',
  exchangeTimeUs: 1_618_677_817_075_687,
  receiveTimeUs: 1_618_677_817_118_783,
  system: 'primary',
  ingesterId: 'ingestor-1',
  payload: { bids: [], asks: [['0.00001306', '660.5']] },
};

/** KRAKEN.ws.48.0: [993,[["354.11000000","0.89594024","1618678142.557535","s","l",""]],"trade","XMR/USD"], received 1618678142.592855 */
export const krakenTrade: Envelope = {
  v: 1,
  venue: 'kraken',
  symbol: 'XMR/USD',
  market: 'XMR-USD',
  type: 'trade',
  exchangeTimeUs: 1_618_678_142_557_535,
  receiveTimeUs: 1_618_678_142_592_855,
  system: 'primary',
  ingesterId: 'ingestor-0',
  // Kraken WS v1 trades carry no trade id.
  payload: { price: '354.11000000', size: '0.89594024', side: 'sell' },
};

/** KRAKEN.ws.50.0: [992,{"b":[["354.15000000","5.00000000","1618678133.365913"]],"c":"2583817756"},"book-1000","XMR/USD"], received 1618678134.213106 */
export const krakenDelta: Envelope = {
  v: 1,
  venue: 'kraken',
  symbol: 'XMR/USD',
  market: 'XMR-USD',
  type: 'book_delta',
  exchangeTimeUs: 1_618_678_133_365_913,
  receiveTimeUs: 1_618_678_134_213_106,
  checksum: 2_583_817_756,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: { bids: [['354.15000000', '5.00000000']], asks: [] },
};

/** BITSTAMP.ws.1.0: live_trades_ethusd {"id":216000477,"amount_str":"0.07920000","price_str":"3805.44","type":0,"microtimestamp":"1641343699596000"}, received 1641343699.529292 */
export const bitstampTrade: Envelope = {
  v: 1,
  venue: 'bitstamp',
  symbol: 'ethusd',
  market: 'ETH-USD',
  type: 'trade',
  exchangeTimeUs: 1_641_343_699_596_000,
  receiveTimeUs: 1_641_343_699_529_292,
  system: 'primary',
  ingesterId: 'ingestor-0',
  // type 0: the taker bought.
  payload: { price: '3805.44', size: '0.07920000', side: 'buy', tradeId: '216000477' },
};

/** BITSTAMP.ws.1.0: diff_order_book_bateur {"microtimestamp":"1641343691244908","bids":[2 levels],"asks":[1 level]}, received 1641343697.4034681 */
export const bitstampDelta: Envelope = {
  v: 1,
  venue: 'bitstamp',
  symbol: 'bateur',
  market: 'BAT-EUR',
  type: 'book_delta',
  exchangeTimeUs: 1_641_343_691_244_908,
  receiveTimeUs: 1_641_343_697_403_468,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: {
    bids: [
      ['1.15979', '993.02588113'],
      ['1.14866', '7758.51900928'],
    ],
    asks: [['1.16601', '1200.00000000']],
  },
};

/** OKX.ws.1.0: books update BTC-USD-220527 {"asks":[["30249.4","0","0","0"],["30261","4","0","1"],["30310.3","19","0","1"]],"bids":[["30182.6","452","0","1"]],"ts":"1652459225464","checksum":-914047754}, received 1652459225.708481 */
export const okxDelta: Envelope = {
  v: 1,
  venue: 'okx',
  symbol: 'BTC-USD-220527',
  market: 'BTC-USD-220527',
  type: 'book_delta',
  exchangeTimeUs: 1_652_459_225_464_000,
  receiveTimeUs: 1_652_459_225_708_481,
  checksum: -914_047_754,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: {
    bids: [['30182.6', '452']],
    asks: [
      ['30249.4', '0'],
      ['30261', '4'],
      ['30310.3', '19'],
    ],
  },
};

/** OKX.ws.1.0: trades BTC-USDT {"tradeId":"338476307","px":"30236","sz":"0.0002","side":"buy","ts":"1652459224818"}, received 1652459225.5072603 */
export const okxTrade: Envelope = {
  v: 1,
  venue: 'okx',
  symbol: 'BTC-USDT',
  market: 'BTC-USDT',
  type: 'trade',
  exchangeTimeUs: 1_652_459_224_818_000,
  receiveTimeUs: 1_652_459_225_507_260,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: { price: '30236', size: '0.0002', side: 'buy', tradeId: '338476307' },
};

/** Bybit v5 docs / tardis test: orderbook.50.BTCPERP delta {"ts":1680673821651,"b":[["28555.20","0.677"]],"a":[["28555.30","0.029"]],"u":20683569,"seq":10916156553} */
export const bybitDelta: Envelope = {
  v: 1,
  venue: 'bybit',
  symbol: 'BTCPERP',
  market: 'BTC-USD-PERP',
  type: 'book_delta',
  exchangeTimeUs: 1_680_673_821_651_000,
  receiveTimeUs: 1_680_673_821_700_000,
  seqId: 10_916_156_553,
  lastUpdateId: 20_683_569,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: { bids: [['28555.20', '0.677']], asks: [['28555.30', '0.029']] },
};

/** Bybit v5: publicTrade.LTCUSDT {"T":1680688979983,"S":"Buy","v":"0.4","p":"94.53","i":"4c7b6bdc-b4a3-5716-9c7b-bbe01dc7072f"} */
export const bybitTrade: Envelope = {
  v: 1,
  venue: 'bybit',
  symbol: 'LTCUSDT',
  market: 'LTC-USDT',
  type: 'trade',
  exchangeTimeUs: 1_680_688_979_983_000,
  receiveTimeUs: 1_680_688_979_990_000,
  system: 'primary',
  ingesterId: 'ingestor-0',
  payload: {
    price: '94.53',
    size: '0.4',
    side: 'buy',
    tradeId: '4c7b6bdc-b4a3-5716-9c7b-bbe01dc7072f',
  },
};

export const VENUE_ENVELOPES: Readonly<Record<string, Envelope>> = {
  binanceTrade,
  binanceDelta,
  binanceSnapshot,
  coinbaseTrade,
  coinbaseDelta,
  krakenTrade,
  krakenDelta,
  bitstampTrade,
  bitstampDelta,
  okxDelta,
  okxTrade,
  bybitDelta,
  bybitTrade,
};
