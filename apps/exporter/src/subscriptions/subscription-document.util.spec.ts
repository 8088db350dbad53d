import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_SUBSCRIPTION_DOCUMENT, subscriptionDocumentSchema } from './subscription.schema';
import { readSubscriptionDocument, SubscriptionConfigError } from './subscription-document.util';

describe('readSubscriptionDocument', () => {
  it('falls back to every entitled data set into tickline-subscriber', () => {
    expect(readSubscriptionDocument({})).toEqual({
      subscriptions: [{ name: 'all-entitled', dataSet: '*', bucket: 'tickline-subscriber' }],
    });
    expect(subscriptionDocumentSchema.parse(DEFAULT_SUBSCRIPTION_DOCUMENT)).toBeTruthy();
  });

  it('reads the inline document and the file', () => {
    const document = {
      subscriptions: [
        {
          name: 'trades',
          dataSet: 'tickline-trades',
          bucket: 'my-bucket',
          mode: 'LATEST',
          encryption: {
            type: 'aws:kms',
            kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc-1',
          },
        },
      ],
    };
    expect(readSubscriptionDocument({ inline: JSON.stringify(document) })).toEqual(document);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'exporter-')), 'subscriptions.json');
    writeFileSync(file, JSON.stringify(document));
    expect(readSubscriptionDocument({ file })).toEqual(document);
  });

  it('reports every problem of a bad document in one error', () => {
    const bad = {
      subscriptions: [
        { name: 'a', dataSet: 'x', bucket: 'Bad_Bucket', keyPattern: '${Revision.Id}' },
        {
          name: 'b',
          dataSet: 'y',
          bucket: 'ok-bucket',
          mode: 'LATEST',
          keyPattern: '${Asset.Name}',
        },
        { name: 'c', dataSet: 'z', bucket: 'ok-bucket', encryption: { type: 'aws:kms' } },
      ],
    };
    const read = () => readSubscriptionDocument({ inline: JSON.stringify(bad) });
    expect(read).toThrow(SubscriptionConfigError);
    expect(read).toThrow(/subscriptions\.0\.bucket: bucket "Bad_Bucket" must be 3-63 characters/);
    expect(read).toThrow(/subscriptions\.0\.keyPattern: keyPattern must contain \$\{Asset\.Name\}/);
    expect(read).toThrow(/subscriptions\.1\.keyPattern: LATEST mode writes the fixed keys/);
    expect(read).toThrow(/subscriptions\.2\.encryption\.kmsKeyArn/);
  });

  it('rejects malformed JSON, a missing file and repeated names with the variable named', () => {
    expect(() => readSubscriptionDocument({ inline: '{' })).toThrow(
      /^EXPORTER_SUBSCRIPTIONS is not valid JSON/,
    );
    expect(() => readSubscriptionDocument({ file: '/nonexistent/subscriptions.json' })).toThrow(
      /^EXPORTER_SUBSCRIPTIONS_FILE \/nonexistent\/subscriptions.json cannot be read/,
    );
    const twice = { name: 'same', dataSet: 'x', bucket: 'ok-bucket' };
    expect(() =>
      readSubscriptionDocument({ inline: JSON.stringify({ subscriptions: [twice, twice] }) }),
    ).toThrow(/names must be unique \(repeated: same\)/);
  });
});
