import { createHash } from 'node:crypto';

import { type Envelope, toCanonicalJson } from '@tickline/domain';

/**
 * What two copies of one venue message share, hashed: the replica-neutral canonical JSON
 * (everything but the receive time and the ingester id) with the capture system set aside too,
 * since the primary and the replica system capture the same venue messages. For snapshots only the book itself
 * counts: a REST snapshot carries the ingester's receive time as its exchange time, so two
 * copies of the same book at the same update id legitimately differ there.
 */
export function eventFingerprint(envelope: Envelope): string {
  const text =
    envelope.type === 'book_snapshot'
      ? JSON.stringify([
          envelope.payload.depth ?? null,
          envelope.payload.bids,
          envelope.payload.asks,
        ])
      : toCanonicalJson({ ...envelope, system: 'primary' }, { localFields: false });
  // sha1 is plenty against accidental collisions and several times faster than sha256 here.
  return createHash('sha1').update(text).digest('base64');
}
