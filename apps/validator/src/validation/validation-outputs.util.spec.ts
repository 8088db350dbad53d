import { rawEvent, testSettings } from '../../test/envelopes.fixture';
import { buildDeadLetter, MAX_DEAD_LETTER_VALUE_BYTES } from './validation-outputs.util';

describe('buildDeadLetter', () => {
  it('keeps the original headers and record timestamp', () => {
    const event = {
      ...rawEvent('x', { key: 'okx:BTC-USDT', offset: '9' }),
      headers: { 'x-request-id': 'r1' },
    };
    expect(
      buildDeadLetter(testSettings(), event, 'invalid_json', 'Not valid JSON.', undefined),
    ).toEqual({
      v: 1,
      timeUs: testSettings().now(),
      service: 'validator',
      reason: 'invalid_json',
      error: { message: 'invalid_json: Not valid JSON.' },
      source: {
        topic: 'md.events.raw.v1',
        partition: 0,
        offset: '9',
        key: 'okx:BTC-USDT',
        timestamp: '1709294400000',
      },
      value: { encoding: 'utf8', data: 'x' },
      headers: { 'x-request-id': 'r1' },
    });
  });

  it('leaves out an original value too large to be written back, and says so', () => {
    const huge = Buffer.alloc(MAX_DEAD_LETTER_VALUE_BYTES + 1, 0x61);
    const letter = buildDeadLetter(
      testSettings(),
      rawEvent(huge, { key: null }),
      'invalid_json',
      'Not valid JSON.',
      undefined,
    );
    expect(letter.value).toBeNull();
    expect(letter.error.message).toBe(
      `invalid_json: Not valid JSON. The original value (${huge.length} bytes) is not kept: above ${MAX_DEAD_LETTER_VALUE_BYTES} bytes.`,
    );
  });
});
