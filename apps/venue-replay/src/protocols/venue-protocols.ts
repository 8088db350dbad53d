import type { Venue } from '@tickline/domain';

import { binanceProtocol } from './binance.protocol';
import { bitstampProtocol } from './bitstamp.protocol';
import { bybitProtocol } from './bybit.protocol';
import { coinbaseProtocol } from './coinbase.protocol';
import { krakenProtocol } from './kraken.protocol';
import { okxProtocol } from './okx.protocol';
import type { VenueProtocol } from './venue-protocol';

export const VENUE_PROTOCOLS: Readonly<Record<Venue, VenueProtocol>> = {
  binance: binanceProtocol,
  bitstamp: bitstampProtocol,
  bybit: bybitProtocol,
  coinbase: coinbaseProtocol,
  kraken: krakenProtocol,
  okx: okxProtocol,
};
