import { marketCoverage } from './coverage.util';

describe('marketCoverage', () => {
  it('splits the day into both, one system only and neither, with contiguous ranges', () => {
    const primary = new Set([0, 1, 2, 10, 11]);
    const replica = new Set([2, 3, 11, 1439]);
    const coverage = marketCoverage('2026-11-26', primary, replica);
    expect(coverage.minutes).toEqual({ both: 2, primaryOnly: 3, replicaOnly: 2, neither: 1433 });
    expect(
      coverage.primaryOnlyRanges.map((r) => [r.from.slice(11, 16), r.to.slice(11, 16), r.minutes]),
    ).toEqual([
      ['00:00', '00:02', 2],
      ['00:10', '00:11', 1],
    ]);
    expect(coverage.replicaOnlyRanges.map((r) => [r.from.slice(11, 16), r.minutes])).toEqual([
      ['00:03', 1],
      ['23:59', 1],
    ]);
    expect(
      coverage.neitherRanges.map((r) => [r.from.slice(11, 16), r.to.slice(11, 16), r.minutes]),
    ).toEqual([
      ['00:04', '00:10', 6],
      ['00:12', '23:59', 1427],
    ]);
  });

  it('reports a day nobody captured as one range of 1440 minutes', () => {
    expect(marketCoverage('2026-11-26', new Set(), new Set()).neitherRanges).toEqual([
      { from: '2026-11-26T00:00:00.000000Z', to: '2026-11-27T00:00:00.000000Z', minutes: 1440 },
    ]);
  });
});
