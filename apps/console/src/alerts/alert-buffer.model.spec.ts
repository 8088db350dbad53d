import { AlertBuffer, parseAlert } from './alert-buffer.model';

const alert = (kind: string, n: number) =>
  Buffer.from(
    JSON.stringify({
      v: 1,
      kind,
      severity: 'warning',
      timeUs: n,
      service: 'ingestor',
      message: `${kind} ${n}`,
    }),
  );

describe('alert buffer', () => {
  it('keeps the newest alerts first, filters by kind and counts every alert seen', () => {
    const buffer = new AlertBuffer(3);
    for (let n = 1; n <= 5; n += 1) {
      const parsed = parseAlert(alert(n % 2 ? 'gap' : 'resync', n));
      if (parsed) buffer.add(parsed);
    }
    const all = buffer.list(10);
    expect(all.alerts.map((a) => a.message)).toEqual(['gap 5', 'resync 4', 'gap 3']);
    expect(all.counts).toEqual({ gap: 3, resync: 2 });
    expect(buffer.list(10, 'gap').alerts.map((a) => a.timeUs)).toEqual([5, 3]);
    expect(buffer.list(1).alerts).toHaveLength(1);
  });

  it('ignores records that are not alerts', () => {
    expect(parseAlert(null)).toBeUndefined();
    expect(parseAlert(Buffer.from('not json'))).toBeUndefined();
    expect(parseAlert(Buffer.from('{"kind":"gap"}'))).toBeUndefined();
  });
});
