import { uploadTarget } from './upload-key.util';

const sets = ['coinbase-trades'];

describe('upload keys', () => {
  it('publishes incoming/<dataSet>/<name> of a mapped data set', () => {
    expect(uploadTarget('incoming/coinbase-trades/2026/x.csv', 10, 'incoming/', sets)).toEqual({
      kind: 'publish',
      dataSet: 'coinbase-trades',
    });
  });

  it('ignores folder markers and keys outside the prefix', () => {
    expect(uploadTarget('incoming/coinbase-trades/', 0, 'incoming/', sets)).toEqual({
      kind: 'ignore',
    });
    expect(uploadTarget('other/coinbase-trades/x.csv', 1, 'incoming/', sets)).toEqual({
      kind: 'ignore',
    });
  });

  it('quarantines unknown data sets, loose files and empty objects with a reason', () => {
    expect(uploadTarget('incoming/x.csv', 1, 'incoming/', sets)).toMatchObject({
      kind: 'quarantine',
      reason: 'expected incoming/<dataSet>/<name>',
    });
    expect(uploadTarget('incoming/kraken-trades/x.csv', 1, 'incoming/', sets)).toMatchObject({
      kind: 'quarantine',
      reason: '"kraken-trades" is not a data set of the mapping',
    });
    expect(uploadTarget('incoming/coinbase-trades/x.csv', 0, 'incoming/', sets)).toMatchObject({
      kind: 'quarantine',
      reason: 'the object is empty',
    });
  });
});
