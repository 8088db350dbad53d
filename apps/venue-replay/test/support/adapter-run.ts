import type { Venue } from '@tickline/domain';
import type { Subscription } from '@tickline/venues';

import { AdapterClient } from './adapter-client';
import { venueStatus, waitDelivered, waitForState } from './replay-checks';
import { sendJson, type ReplayApp } from './replay-app';

/**
 * Restarts a venue's replay, connects an adapter client, waits until the server holds its
 * `streams` subscriptions, then plays the whole recording once at `speed` and waits until the
 * client has processed everything.
 */
export async function replayToAdapter(
  replay: ReplayApp,
  venue: Venue,
  options: Record<string, unknown>,
  subscriptions: readonly Subscription[],
  streams: number,
  speed: number | 'max' = 10,
): Promise<AdapterClient> {
  await sendJson('POST', `${replay.httpUrl}/control/venues/${venue}/restart`);
  const client = await AdapterClient.start(venue, options, subscriptions);
  const deadline = Date.now() + 20_000;
  while ((await venueStatus(replay, venue)).subscriptions < streams) {
    if (Date.now() > deadline) {
      throw new Error(`${venue}: the client's ${streams} subscriptions never arrived`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await sendJson('PATCH', `${replay.httpUrl}/control/venues/${venue}`, { speed });
  await sendJson('POST', `${replay.httpUrl}/control/venues/${venue}/start`);
  await waitForState(replay, venue, 'ended');
  await waitDelivered(replay, venue, () => client.client.received.length);
  await client.settled();
  return client;
}
