import { waitForState } from './support/replay-checks';
import { getJson, sendJson, startReplay, type ReplayApp } from './support/replay-app';
import { WsClient } from './support/ws-client';

jest.setTimeout(90_000);

const STREAM = 'nknusdt@depth@100ms';
/** The last NKNUSDT diff in the Binance capture. */
const LAST_U = 499870179;

interface Diff {
  U: number;
  u: number;
}

function diffs(client: WsClient): Diff[] {
  return client
    .json<{ data?: Diff & { e?: string } }>()
    .filter((frame) => frame.data?.e === 'depthUpdate')
    .map((frame) => ({ U: (frame.data as Diff).U, u: (frame.data as Diff).u }));
}

function hasLast(client: WsClient): boolean {
  return diffs(client).some((diff) => diff.u === LAST_U);
}

interface ConnectionInfo {
  id: string;
  tag: string | null;
  stalled: boolean;
  faults: { type: string; affected: number; done: boolean }[];
}

/**
 * Each scenario runs the Binance capture once at full speed to two clients on the same stream:
 * `clean` and `faulty` (tagged through the URL), with one fault rule for the tagged one. The
 * clean client's frames are the reference for what the fault did.
 */
describe('fault injection per connection', () => {
  let replay: ReplayApp;

  beforeAll(async () => {
    replay = await startReplay({
      REPLAY_VENUES: 'binance',
      REPLAY_START: 'manual',
      REPLAY_LOOP: 'false',
    });
  });

  afterAll(() => replay.close());

  async function scenario(
    fault: Record<string, unknown>,
    speed: number | 'max' = 'max',
  ): Promise<{ clean: WsClient; faulty: WsClient; faultyId: string }> {
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/restart`);
    await sendJson('DELETE', `${replay.httpUrl}/control/faults`);
    const rule = await sendJson<{ id: string }>('POST', `${replay.httpUrl}/control/faults`, {
      match: { venue: 'binance', tag: 'faulty' },
      fault: { stream: STREAM, ...fault },
      scope: 'new',
      limit: 1,
    });
    expect(rule.status).toBe(201);
    const clean = await WsClient.connect(`${replay.wsUrl}/binance/stream?streams=${STREAM}`);
    const faulty = await WsClient.connect(
      `${replay.wsUrl}/t/faulty/binance/stream?streams=${STREAM}`,
    );
    const { body: connections } = await getJson<ConnectionInfo[]>(
      `${replay.httpUrl}/control/connections`,
    );
    const faultyId = connections.find((connection) => connection.tag === 'faulty')?.id as string;
    expect(connections.find((connection) => connection.id === faultyId)?.faults).toHaveLength(1);
    await sendJson('PATCH', `${replay.httpUrl}/control/venues/binance`, { speed });
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/start`);
    await waitForState(replay, 'binance', 'ended');
    await clean.until('the last diff (clean)', () => hasLast(clean));
    return { clean, faulty, faultyId };
  }

  it('drop: the next N frames never arrive, leaving a sequence gap', async () => {
    const { clean, faulty } = await scenario({ type: 'drop', count: 3, after: 10 });
    await faulty.until('the last diff', () => hasLast(faulty));
    const reference = diffs(clean);
    expect(diffs(faulty)).toEqual([...reference.slice(0, 10), ...reference.slice(13)]);
    clean.close();
    faulty.close();
  });

  it('duplicate: the next N frames arrive twice', async () => {
    const { clean, faulty } = await scenario({ type: 'duplicate', count: 2, after: 5 });
    await faulty.until('the last diff', () => hasLast(faulty));
    const reference = diffs(clean);
    expect(diffs(faulty)).toEqual([
      ...reference.slice(0, 5),
      reference[5],
      reference[5],
      reference[6],
      reference[6],
      ...reference.slice(7),
    ]);
    clean.close();
    faulty.close();
  });

  it('reorder: the next N frames arrive in reverse order', async () => {
    const { clean, faulty } = await scenario({ type: 'reorder', count: 3, after: 2 });
    await faulty.until('the last diff', () => hasLast(faulty));
    const reference = diffs(clean);
    expect(diffs(faulty)).toEqual([
      ...reference.slice(0, 2),
      reference[4],
      reference[3],
      reference[2],
      ...reference.slice(5),
    ]);
    clean.close();
    faulty.close();
  });

  it('disconnect: the connection drops after N frames', async () => {
    const { clean, faulty } = await scenario({ type: 'disconnect', after: 4 });
    // terminate() drops TCP without a closing handshake: the client sees 1006.
    expect(await faulty.waitClosed()).toBe(1006);
    expect(diffs(faulty)).toEqual(diffs(clean).slice(0, 4));
    clean.close();
  });

  it('disconnect with mode close: a closing handshake with code 1011', async () => {
    const { clean, faulty } = await scenario({ type: 'disconnect', mode: 'close', after: 1 });
    expect(await faulty.waitClosed()).toBe(1011);
    expect(diffs(faulty)).toEqual(diffs(clean).slice(0, 1));
    clean.close();
  });

  it('stall: nothing is sent for a while, then the held frames arrive late in order', async () => {
    const { clean, faulty, faultyId } = await scenario({
      type: 'stall',
      after: 3,
      durationMs: 5_000,
    });
    const stalled = async () =>
      (await getJson<ConnectionInfo>(`${replay.httpUrl}/control/connections/${faultyId}`)).body
        .stalled;
    // The clean client has everything while the faulty one is still held at 3 frames.
    expect(await stalled()).toBe(true);
    expect(diffs(faulty)).toEqual(diffs(clean).slice(0, 3));
    await faulty.until('the held frames', () => hasLast(faulty));
    expect(await stalled()).toBe(false);
    expect(diffs(faulty)).toEqual(diffs(clean));
    clean.close();
    faulty.close();
  });

  it('stall with then=discard: the frames sent during the stall are lost', async () => {
    const { clean, faulty, faultyId } = await scenario(
      { type: 'stall', after: 3, durationMs: 1_000, then: 'discard' },
      'max',
    );
    const deadline = Date.now() + 20_000;
    while (
      (await getJson<ConnectionInfo>(`${replay.httpUrl}/control/connections/${faultyId}`)).body
        .stalled
    ) {
      if (Date.now() > deadline) throw new Error('the stall never ended');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // At full speed the whole recording went out during the stall.
    expect(diffs(faulty)).toEqual(diffs(clean).slice(0, 3));
    expect(faulty.closeCode).toBeUndefined();
    clean.close();
    faulty.close();
  });

  it.each([
    ['text', (text: string) => text.includes('\u0000')],
    ['truncated', (text: string) => text.startsWith('{"stream":') && !text.endsWith('}}')],
    ['non-finite', (text: string) => text.includes('"Infinity"')],
  ])(
    'garbage (%s): bad frames arrive before the next frame, nothing is lost',
    async (variant, isGarbage) => {
      const { clean, faulty } = await scenario({ type: 'garbage', variant, count: 2, after: 6 });
      await faulty.until('the last diff', () => hasLast(faulty));
      const bad = faulty.received.filter((frame) => isGarbage(frame.text));
      expect(bad).toHaveLength(2);
      const garbageIndex = faulty.received.findIndex((frame) => isGarbage(frame.text));
      // Six good frames, then the garbage, then the seventh.
      expect(faulty.received.slice(0, garbageIndex).every((frame) => !isGarbage(frame.text))).toBe(
        true,
      );
      expect(garbageIndex).toBe(6);
      const good = faulty.received
        .filter((frame) => !isGarbage(frame.text))
        .map((frame) => frame.text);
      expect(good).toEqual(clean.received.map((frame) => frame.text));
      clean.close();
      faulty.close();
    },
  );

  it('garbage (binary): binary frames where the venue only sends text', async () => {
    const { clean, faulty } = await scenario({
      type: 'garbage',
      variant: 'binary',
      count: 1,
      after: 0,
    });
    await faulty.until('the last diff', () => hasLast(faulty));
    expect(faulty.received[0]?.binary).toBe(true);
    expect(faulty.received.slice(1).map((frame) => frame.text)).toEqual(
      clean.received.map((frame) => frame.text),
    );
    clean.close();
    faulty.close();
  });

  it('garbage (unknown-field): frames carry an extra field and nothing else changes', async () => {
    const { clean, faulty } = await scenario({
      type: 'garbage',
      variant: 'unknown-field',
      count: 2,
      after: 1,
    });
    await faulty.until('the last diff', () => hasLast(faulty));
    const marked = faulty
      .json<{ replayUnknownField?: number }>()
      .filter((frame) => frame.replayUnknownField !== undefined);
    expect(marked).toHaveLength(2);
    expect(diffs(faulty)).toEqual(diffs(clean));
    clean.close();
    faulty.close();
  });

  it('faults can be given to one open connection through the control API', async () => {
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/restart`);
    await sendJson('DELETE', `${replay.httpUrl}/control/faults`);
    const client = await WsClient.connect(`${replay.wsUrl}/binance/stream?streams=${STREAM}`);
    const { body: connections } = await getJson<ConnectionInfo[]>(
      `${replay.httpUrl}/control/connections`,
    );
    const id = connections[connections.length - 1]?.id as string;
    const added = await sendJson<{ id: string }>(
      'POST',
      `${replay.httpUrl}/control/connections/${id}/faults`,
      {
        type: 'drop',
        count: 1,
      },
    );
    expect(added.status).toBe(201);
    const invalid = await sendJson('POST', `${replay.httpUrl}/control/connections/${id}/faults`, {
      type: 'explode',
    });
    expect(invalid.status).toBe(400);
    await sendJson('POST', `${replay.httpUrl}/control/venues/binance/start`);
    await waitForState(replay, 'binance', 'ended');
    await client.until('the last diff', () => hasLast(client));
    const { body } = await getJson<ConnectionInfo>(`${replay.httpUrl}/control/connections/${id}`);
    expect(body.faults).toEqual([
      expect.objectContaining({ type: 'drop', affected: 1, done: true }),
    ]);
    // The first diff (U=499869750) is the one that was dropped.
    expect(diffs(client)[0]?.U).toBe(499869753);
    client.close();
  });
});
