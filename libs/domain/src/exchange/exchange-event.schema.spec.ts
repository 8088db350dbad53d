import {
  parseExchangeEvent,
  parseRevisionPublishedDetail,
  REVISION_PUBLISHED_DETAIL_TYPE,
  safeParseExchangeEvent,
} from './exchange-event.schema';

// The documented shape of "Revision Published To Data Set" (AWS Data Exchange user guide).
const published = {
  version: '0',
  id: '6ad8d4d9-1fb4-3bd7-a4bb-cc1e5c1b8e1b',
  'detail-type': 'Revision Published To Data Set',
  source: 'aws.dataexchange',
  account: '123456789012',
  time: '2020-07-29T04:16:28Z',
  region: 'us-east-1',
  resources: ['aae4c2cdEXAMPLE54f9369dEXAMPLE66'],
  detail: {
    RevisionIds: ['3afc623EXAMPLE099e6fcc8EXAMPLEe7'],
    Revisions: [{ Id: '3afc623EXAMPLE099e6fcc8EXAMPLEe7', Comment: 'Revision_Comment_One' }],
    DataSets: [{ Id: 'aae4c2cdEXAMPLE54f9369dEXAMPLE66', Name: 'Data_Set_Hello_World_One' }],
    Product: { Id: 'prod-uEXAMPLEabc1d', Name: 'Product_Hello_World' },
  },
};

describe('exchange events', () => {
  it('parses the documented revision-published event and its detail', () => {
    const event = parseExchangeEvent(published);
    expect(event['detail-type']).toBe(REVISION_PUBLISHED_DETAIL_TYPE);
    expect(parseRevisionPublishedDetail(event.detail).RevisionIds).toEqual([
      '3afc623EXAMPLE099e6fcc8EXAMPLEe7',
    ]);
    // The oldest documented shape carried RevisionIds only.
    expect(parseRevisionPublishedDetail({ RevisionIds: ['r1'] })).toEqual({ RevisionIds: ['r1'] });
  });

  it('keeps fields AWS may add instead of rejecting them', () => {
    const event = parseExchangeEvent({ ...published, 'replay-name': 'x' });
    expect(event['replay-name']).toBe('x');
  });

  it('rejects malformed events precisely', () => {
    const result = safeParseExchangeEvent({ ...published, time: '2020-07-29 04:16:28' });
    expect(result.success ? 'accepted' : result.error.message).toBe(
      'Invalid exchange event: time: expected an ISO 8601 UTC time like "2020-07-29T04:16:28Z", got "2020-07-29 04:16:28"',
    );
    expect(() => parseRevisionPublishedDetail({ RevisionIds: [] })).toThrow(
      'Invalid revision published detail: RevisionIds: expected at least one revision id, got an empty array',
    );
  });
});
