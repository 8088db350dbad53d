import { startReplay, getJson, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(60_000);

describe('smoke', () => {
  let replay: ReplayApp;
  beforeAll(async () => {
    replay = await startReplay({ REPLAY_SPEED: 'max', REPLAY_LOOP: 'false' });
  });
  afterAll(() => replay.close());

  it('serves binance', async () => {
    const status = await getJson(`${replay.httpUrl}/control/status`);
    console.log(JSON.stringify(status.body).slice(0, 2000));
    const client = await WsClient.connect(
      `${replay.wsUrl}/binance/stream?streams=nknusdt@depth@100ms/nknusdt@aggTrade`,
    );
    await client.until('frames', () => client.received.length > 50);
    console.log(client.received.slice(0, 3).map((f) => f.text.slice(0, 200)));
    const depth = await getJson(`${replay.httpUrl}/binance/api/v3/depth?symbol=NKNUSDT&limit=5`);
    console.log(JSON.stringify(depth));
    client.close();
  });
});
