import { startWaves } from '../stack/start-order.util';

const c = (name: string, ...dependsOn: string[]) => ({ name, dependsOn });
const names = (waves: Array<Array<{ name: string }>>) => waves.map((w) => w.map((x) => x.name));

describe('startWaves', () => {
  it('starts independent components together', () => {
    expect(names(startWaves([c('postgres'), c('kafka'), c('minio')]))).toEqual([
      ['postgres', 'kafka', 'minio'],
    ]);
  });

  it('starts a component only after everything it depends on', () => {
    const waves = startWaves([
      c('exchange-local', 'postgres', 'minio', 'kafka'),
      c('postgres'),
      c('kafka'),
      c('minio'),
      c('console', 'exchange-local'),
    ]);
    expect(names(waves)).toEqual([['postgres', 'kafka', 'minio'], ['exchange-local'], ['console']]);
  });

  it('rejects unknown dependencies and cycles', () => {
    expect(() => startWaves([c('a', 'missing')])).toThrow(/unknown component\(s\): missing/);
    expect(() => startWaves([c('a', 'b'), c('b', 'a'), c('c')])).toThrow(/cycle: a, b/);
  });
});
