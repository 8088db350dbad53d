import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  emptyState,
  readState,
  stateFilePath,
  withComponent,
  writeState,
} from '../stack/state-file.util';

describe('state file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-state-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads as empty when no stack has run in the folder', () => {
    expect(readState(dir)).toEqual({ state: emptyState() });
  });

  it('round-trips component records and leaves no temporary file behind', () => {
    const state = withComponent(emptyState(), 'kafka', {
      pid: 4242,
      ports: { kafka: 19092, kafkaController: 19093 },
      startedAt: '2026-01-02T03:04:05.000Z',
      version: '4.2.0',
    });
    writeState(dir, state);
    expect(readState(dir).state).toEqual(state);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('removes a component record', () => {
    const one = withComponent(emptyState(), 'minio', {
      pid: 7,
      ports: { minio: 19000 },
      startedAt: 'now',
    });
    const none = withComponent(one, 'minio', undefined);
    expect(none.components).toEqual({});
    expect(one.components.minio?.pid).toBe(7);
  });

  it('treats a damaged file as empty and says why', () => {
    writeFileSync(stateFilePath(dir), '{"version": 1, "components": ');
    const result = readState(dir);
    expect(result.state).toEqual(emptyState());
    expect(result.problem).toMatch(/not valid JSON/);
  });

  it('treats a file of another shape as empty', () => {
    writeFileSync(
      stateFilePath(dir),
      JSON.stringify({ version: 1, components: { kafka: { pid: -1 } } }),
    );
    const result = readState(dir);
    expect(result.state).toEqual(emptyState());
    expect(result.problem).toMatch(/unreadable state file/);
  });

  it('refuses to write an invalid record', () => {
    const bad = withComponent(emptyState(), 'kafka', { pid: 0, ports: {}, startedAt: 'now' });
    expect(() => writeState(dir, bad)).toThrow();
  });
});
