import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export interface CacheGroupIds {
  /** Tails the valid topic (every partition: the replica is the group's only member). */
  valid: string;
  /** Reads the snapshot topic once at start. */
  snapshots: string;
}

/**
 * Consumer groups of one cache process: `<prefix>.<instance>.<start token>`. The instance (pod
 * name) keeps each replica's groups apart, so every replica reads every partition; the start
 * token keeps a restarted pod from joining a group its crashed predecessor still holds (the
 * join would wait out the old member's session), and offsets come from snapshots anyway.
 */
export function cacheGroupIds(prefix: string, instanceId: string | undefined): CacheGroupIds {
  const instance = (instanceId ?? hostname()).replace(/[^a-zA-Z0-9._-]/g, '-');
  const base = `${prefix}.${instance}.${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  return { valid: base, snapshots: `${base}.snapshots` };
}
