import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AUTO_PORTS_FILE, resolveAutoPorts } from '../stack/ports-auto.util';
import { DEFAULT_PORTS, loadStackConfig } from '../stack/stack-config.util';

describe('auto ports', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-ports-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the default on CI, and can be chosen or refused explicitly', () => {
    expect(loadStackConfig({ CI: 'true' }, dir).portsMode).toBe('auto');
    expect(loadStackConfig({}, dir).portsMode).toBe('fixed');
    expect(loadStackConfig({ TICKLINE_STACK_PORTS: 'auto' }, dir).portsMode).toBe('auto');
    expect(loadStackConfig({ CI: 'true', TICKLINE_STACK_PORTS: 'fixed' }, dir).portsMode).toBe(
      'fixed',
    );
    expect(() => loadStackConfig({ TICKLINE_STACK_PORTS: 'random' }, dir)).toThrow(
      'TICKLINE_STACK_PORTS must be "fixed" or "auto"',
    );
  });

  it('picks distinct ports below the ephemeral range once and keeps them in the stack folder', async () => {
    const config = loadStackConfig({ TICKLINE_STACK_DIR: dir, TICKLINE_STACK_PORTS: 'auto' }, dir);
    const first = await resolveAutoPorts(config, true);
    const ports = Object.values(first.ports);
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_000);
    }
    expect(JSON.parse(readFileSync(join(dir, AUTO_PORTS_FILE), 'utf8'))).toEqual(first.ports);

    const again = await resolveAutoPorts(config, false);
    expect(again.ports).toEqual(first.ports);
  });

  it('picks a port for a component that joined after the file was written, keeping the others', async () => {
    const config = loadStackConfig({ TICKLINE_STACK_DIR: dir, TICKLINE_STACK_PORTS: 'auto' }, dir);
    const first = await resolveAutoPorts(config, true);
    const { exchange: _omitted, ...older } = first.ports;
    writeFileSync(join(dir, AUTO_PORTS_FILE), JSON.stringify(older));

    expect((await resolveAutoPorts(config, false)).ports).toEqual({
      ...older,
      exchange: DEFAULT_PORTS.exchange,
    });
    const upgraded = await resolveAutoPorts(config, true);
    expect(upgraded.ports).toMatchObject(older);
    expect(Object.values(older)).not.toContain(upgraded.ports.exchange);
    expect(upgraded.ports.exchange).toBeGreaterThanOrEqual(20_000);
    expect(JSON.parse(readFileSync(join(dir, AUTO_PORTS_FILE), 'utf8'))).toEqual(upgraded.ports);
  });

  it('keeps ports that were set explicitly', async () => {
    const config = loadStackConfig(
      { TICKLINE_STACK_DIR: dir, TICKLINE_STACK_PORTS: 'auto', TICKLINE_POSTGRES_PORT: '25999' },
      dir,
    );
    const resolved = await resolveAutoPorts(config, true);
    expect(resolved.ports.postgres).toBe(25999);
    expect(resolved.ports.kafka).not.toBe(DEFAULT_PORTS.kafka);
  });

  it('changes nothing in fixed mode, or before the first up has picked ports', async () => {
    const fixed = loadStackConfig({ TICKLINE_STACK_DIR: dir }, dir);
    expect((await resolveAutoPorts(fixed, true)).ports).toEqual(DEFAULT_PORTS);
    const auto = loadStackConfig({ TICKLINE_STACK_DIR: dir, TICKLINE_STACK_PORTS: 'auto' }, dir);
    expect((await resolveAutoPorts(auto, false)).ports).toEqual(DEFAULT_PORTS);
  });
});
