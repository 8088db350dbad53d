import { apiForPath } from './aws-api.util';

describe('apiForPath', () => {
  it('routes the Catalog operations by exact path and everything else to Data Exchange', () => {
    expect(apiForPath('/DescribeEntity')).toBe('catalog');
    expect(apiForPath('/StartChangeSet?x=1')).toBe('catalog');
    expect(apiForPath('/describeentity')).toBe('dataexchange');
    expect(apiForPath('/v1/data-sets')).toBe('dataexchange');
    expect(apiForPath('/tags/arn%3Aaws')).toBe('dataexchange');
  });
});
