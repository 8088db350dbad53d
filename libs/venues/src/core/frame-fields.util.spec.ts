import { isDecimalString } from '@tickline/domain';

import {
  decimal,
  digitsInt,
  FrameFault,
  guardMapping,
  isDecimalText,
  isoTime,
  levels,
  microsText,
  millis,
  parseJson,
  safeInt,
  secondsText,
  tradeId,
} from './frame-fields.util';
import { mapped } from './map-result.type';
import { VenueMappingError } from './venue-mapping.error';

function faultOf(read: () => unknown): FrameFault {
  try {
    read();
  } catch (error) {
    if (error instanceof FrameFault) return error;
    throw error;
  }
  throw new Error('expected a fault');
}

describe('isDecimalText', () => {
  it('agrees with the domain decimal rule on a generated corpus', () => {
    const alphabet = ['0', '1', '9', '.', '-', '+', 'e', 'E', ' ', 'x', '٣'];
    const corpus = new Set<string>([
      '0',
      '00',
      '0.',
      '.0',
      '0.0',
      '1',
      '10',
      '01',
      '1.5',
      '1.50',
      '1..5',
      '1.5.',
      '-1',
      '+1',
      '1e-8',
      '1E8',
      'NaN',
      'Infinity',
      '',
      ' 1',
      '1 ',
      '0.-10000',
      '0x10',
      '١',
      '9'.repeat(40),
      '9'.repeat(41),
      `1.${'0'.repeat(38)}`,
      `1.${'0'.repeat(39)}`,
    ]);
    // Every string of up to four characters over the alphabet: all the ways a number goes wrong.
    let layer = [''];
    for (let length = 1; length <= 4; length++) {
      layer = layer.flatMap((prefix) => alphabet.map((c) => prefix + c));
      for (const text of layer) corpus.add(text);
    }
    let disagreements = 0;
    for (const text of corpus) if (isDecimalText(text) !== isDecimalString(text)) disagreements++;
    expect(corpus.size).toBeGreaterThan(16_000);
    expect(disagreements).toBe(0);
  });
});

describe('field readers', () => {
  it('read decimals, levels and ids in their domain form', () => {
    expect(decimal('0.35210000', 'p')).toBe('0.35210000');
    const pair: [string, string] = ['1.5', '2'];
    const read = levels([pair, ['3', '4', '0', '1']], 'b');
    expect(read[0]).toBe(pair); // pairs are reused as is
    expect(read[1]).toEqual(['3', '4']);
    expect(tradeId(40756030, 't')).toBe('40756030');
    expect(tradeId('4c7b6bdc-b4a3-5716-9c7b-bbe01dc7072f', 'i')).toBe(
      '4c7b6bdc-b4a3-5716-9c7b-bbe01dc7072f',
    );
    expect(digitsInt('2583817756', 'c', 4_294_967_295)).toBe(2_583_817_756);
  });

  it('convert every venue timestamp notation to exact epoch microseconds', () => {
    expect(millis(1633998523963, 'E')).toBe(1_633_998_523_963_000);
    expect(millis('1652459225464', 'ts')).toBe(1_652_459_225_464_000);
    expect(microsText('1641343699596000', 'm')).toBe(1_641_343_699_596_000);
    expect(secondsText('1618678133.924027', 't')).toBe(1_618_678_133_924_027);
    expect(isoTime('2021-04-17T16:43:37.089723Z', 'time')).toBe(1_618_677_817_089_723);
  });

  it.each([
    ['a negative price', () => decimal('-1', 'p'), 'invalid_decimal'],
    ['an exponent', () => decimal('1e-8', 'p'), 'invalid_decimal'],
    ['a JSON number', () => decimal(0.5, 'p'), 'invalid_decimal'],
    ['"NaN"', () => decimal('NaN', 'p'), 'invalid_decimal'],
    ['a level that is not a pair', () => levels([['1']], 'b'), 'unexpected_shape'],
    ['levels that are not an array', () => levels({}, 'b'), 'unexpected_shape'],
    ['millisecond time in seconds', () => millis(1633998523, 'E'), 'invalid_timestamp'],
    ['a non-finite time', () => millis(Infinity, 'E'), 'invalid_timestamp'],
    ['a fractional time', () => millis(1633998523963.5, 'E'), 'invalid_timestamp'],
    ['a time beyond exact microseconds', () => millis(9_007_199_254_741, 'E'), 'invalid_timestamp'],
    ['year 0001', () => isoTime('0001-01-01T00:00:00.000000Z', 'time'), 'invalid_timestamp'],
    ['a time without zone', () => isoTime('2021-04-17T16:43:37', 'time'), 'invalid_timestamp'],
    ['seconds as a number', () => secondsText(1618678133.924027, 't'), 'invalid_timestamp'],
    ['micros with a sign', () => microsText('-1641343699596000', 'm'), 'invalid_timestamp'],
    ['a float id', () => safeInt(1.5, 'u'), 'invalid_number'],
    ['an unsafe id', () => safeInt(2 ** 53, 'u'), 'invalid_number'],
    ['a checksum above 2^32', () => digitsInt('4294967296', 'c', 4_294_967_295), 'invalid_number'],
    ['a trade id with a space', () => tradeId('a b', 'i'), 'unexpected_shape'],
    ['not JSON', () => parseJson('{"a":'), 'invalid_json'],
  ])('reject %s', (_name, read, reason) => {
    expect(faultOf(read).reason).toBe(reason);
  });
});

describe('guardMapping', () => {
  it('turns faults and stray exceptions into typed errors naming the venue', () => {
    const frame = 'x'.repeat(500);
    const fault = guardMapping('okx', frame, () => {
      decimal('0.-10000', 'data[0].bids[0][1]');
      return mapped([]);
    });
    expect(fault.kind).toBe('error');
    if (fault.kind === 'error') {
      expect(fault.error).toBeInstanceOf(VenueMappingError);
      expect(fault.error.message).toBe(
        'okx invalid_decimal at data[0].bids[0][1]: expected a decimal string like "123.45", got "0.-10000"',
      );
      expect(fault.error.frameExcerpt).toHaveLength(121);
    }
    const stray = guardMapping('kraken', '{}', () => {
      throw new TypeError("Cannot read properties of null (reading 'a')");
    });
    expect(stray).toMatchObject({
      kind: 'error',
      error: { venue: 'kraken', reason: 'unexpected_shape' },
    });
  });
});
