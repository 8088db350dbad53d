import { parseRoute } from './ws-gateway.service';

describe('parseRoute', () => {
  it.each([
    ['/binance/stream', { venue: 'binance', path: '/stream' }],
    ['/binance/ws/btcusdt@trade', { venue: 'binance', path: '/ws/btcusdt@trade' }],
    ['/coinbase', { venue: 'coinbase', path: '' }],
    ['/kraken/', { venue: 'kraken', path: '/' }],
    ['/okx/ws/v5/public', { venue: 'okx', path: '/ws/v5/public' }],
    [
      '/t/replica-b/bybit/v5/public/spot',
      { venue: 'bybit', tag: 'replica-b', path: '/v5/public/spot' },
    ],
  ])('%s', (path, expected) => {
    expect(parseRoute(path)).toEqual(expected);
  });

  it.each(['/', '/nasdaq/ws', '/t/bad tag/binance/ws', '/t//binance/ws', '/t/x'])(
    'rejects %s',
    (path) => {
      expect(parseRoute(path)).toBeUndefined();
    },
  );
});
