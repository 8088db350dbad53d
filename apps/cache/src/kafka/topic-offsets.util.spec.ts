import { reached, startOffsets } from './topic-offsets.util';

describe('startOffsets', () => {
  const ranges = new Map([
    [0, { low: 0, high: 10 }],
    [1, { low: 5, high: 8 }],
    [2, { low: 0, high: 0 }],
  ]);

  it('resumes at snapshot offsets and reads unknown partitions from their oldest offset', () => {
    expect(startOffsets(ranges, new Map([[0, 4]]))).toEqual({
      start: new Map([
        [0, 4],
        [1, 5],
        [2, 0],
      ]),
      clamped: [],
    });
  });

  it('clamps offsets retention deleted and offsets past the end', () => {
    expect(
      startOffsets(
        ranges,
        new Map([
          [0, 12],
          [1, 2],
        ]),
      ),
    ).toEqual({
      start: new Map([
        [0, 10],
        [1, 5],
        [2, 0],
      ]),
      clamped: [1],
    });
  });
});

describe('reached', () => {
  it('is true once every partition is at its target', () => {
    const targets = new Map([
      [0, 3],
      [1, 0],
    ]);
    expect(reached(new Map([[0, 2]]), targets)).toBe(false);
    expect(reached(new Map([[0, 3]]), targets)).toBe(true);
  });
});
