import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  credentialsPath,
  generateCredentials,
  loadOrCreateCredentials,
  newKafkaClusterId,
  readCredentials,
} from '../stack/credentials.util';

describe('credentials', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-credentials-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates random credentials once, readable only by the owner, and keeps them', () => {
    const first = loadOrCreateCredentials(dir);
    expect(first.created).toBe(true);
    expect(statSync(credentialsPath(dir)).mode & 0o777).toBe(0o600);

    const second = loadOrCreateCredentials(dir);
    expect(second.created).toBe(false);
    expect(second.credentials).toEqual(first.credentials);
  });

  it('generates different secrets each time', () => {
    const a = generateCredentials();
    const b = generateCredentials();
    expect(a.postgres.password).not.toBe(b.postgres.password);
    expect(a.s3.secretAccessKey).not.toBe(b.s3.secretAccessKey);
    expect(a.s3.accessKeyId).toMatch(/^TL[0-9A-F]{18}$/);
  });

  it('makes Kafka cluster ids Kafka accepts: 22 URL-safe characters, not starting with "-"', () => {
    for (let i = 0; i < 200; i += 1) {
      const id = newKafkaClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });

  it('adds exchange-local secrets to an older file without changing its passwords', () => {
    const { exchange: _omitted, ...older } = generateCredentials();
    writeFileSync(credentialsPath(dir), JSON.stringify(older), { mode: 0o600 });
    expect(readCredentials(dir)?.exchange).toBeUndefined();

    const upgraded = loadOrCreateCredentials(dir);
    expect(upgraded.credentials).toMatchObject(older);
    expect(upgraded.credentials.exchange?.providerSecretAccessKey).toMatch(/^[0-9a-f]{40}$/);
    expect(upgraded.credentials.exchange?.tokenSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(readCredentials(dir)).toEqual(upgraded.credentials);
    expect(loadOrCreateCredentials(dir)).toEqual({
      credentials: upgraded.credentials,
      created: false,
    });
  });

  it('reports a damaged credentials file instead of silently replacing it', () => {
    writeFileSync(
      credentialsPath(dir),
      JSON.stringify({ postgres: { user: 'x', password: 'short', database: 'y' } }),
    );
    expect(() => readCredentials(dir)).toThrow(/is damaged/);
  });
});
