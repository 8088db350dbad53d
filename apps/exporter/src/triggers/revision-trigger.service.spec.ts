import { revisionsToExport } from './revision-trigger.service';

const at = (second: number) => new Date(Date.UTC(2026, 10, 28, 0, 0, second));

describe('revisionsToExport', () => {
  // ListDataSetRevisions answers newest first.
  const listed = [
    { Id: 'r4', CreatedAt: at(4), Finalized: true, Revoked: true },
    { Id: 'r3', CreatedAt: at(3), Finalized: true },
    { Id: 'r2', CreatedAt: at(2), Finalized: false },
    { Id: 'r1', CreatedAt: at(1), Finalized: true, Revoked: false },
  ];

  it('PATTERN: every finalized, unrevoked revision, oldest first', () => {
    expect(revisionsToExport({ mode: 'PATTERN' }, listed).map((r) => r.Id)).toEqual(['r1', 'r3']);
  });

  it('LATEST: only the newest exportable revision', () => {
    expect(revisionsToExport({ mode: 'LATEST' }, listed).map((r) => r.Id)).toEqual(['r3']);
    expect(revisionsToExport({ mode: 'LATEST' }, [])).toEqual([]);
  });
});
