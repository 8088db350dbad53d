import { adxArn, catalogArn, parseAdxArn } from './arn.util';

const ds = 'a'.repeat(32);
const rev = 'b'.repeat(32);
const asset = 'c'.repeat(32);

describe('ARNs', () => {
  const owned = { region: 'us-east-1', accountId: '111111111111' };
  const entitled = { region: 'us-east-1', accountId: undefined };

  it('builds owned ARNs with the account and entitled ones without', () => {
    expect(adxArn.dataSet(owned, ds)).toBe(
      `arn:aws:dataexchange:us-east-1:111111111111:data-sets/${ds}`,
    );
    expect(adxArn.dataSet(entitled, ds)).toBe(`arn:aws:dataexchange:us-east-1::data-sets/${ds}`);
    expect(adxArn.asset(owned, ds, rev, asset)).toBe(
      `arn:aws:dataexchange:us-east-1:111111111111:data-sets/${ds}/revisions/${rev}/assets/${asset}`,
    );
    expect(catalogArn.entity('us-east-1', '111111111111', 'prod-abc')).toBe(
      'arn:aws:aws-marketplace:us-east-1:111111111111:AWSMarketplace/DataProduct/prod-abc',
    );
  });

  it('parses what it builds, and nothing else', () => {
    expect(parseAdxArn(adxArn.revision(owned, ds, rev))).toEqual({
      region: 'us-east-1',
      accountId: '111111111111',
      resource: { kind: 'revision', dataSetId: ds, revisionId: rev },
    });
    expect(parseAdxArn(adxArn.dataSet(entitled, ds))).toEqual({
      region: 'us-east-1',
      accountId: undefined,
      resource: { kind: 'data-set', dataSetId: ds },
    });
    expect(parseAdxArn(adxArn.eventAction(owned, ds))?.resource).toEqual({
      kind: 'event-action',
      eventActionId: ds,
    });
    expect(parseAdxArn(`arn:aws:s3:::bucket`)).toBeUndefined();
    expect(
      parseAdxArn(`arn:aws:dataexchange:us-east-1:111111111111:data-sets/short`),
    ).toBeUndefined();
    expect(
      parseAdxArn(`arn:aws:dataexchange:us-east-1:111111111111:data-sets/${ds}/extra`),
    ).toBeUndefined();
  });
});
