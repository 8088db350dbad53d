import { scanJsonScalars } from './json-scan.util';

describe('scanJsonScalars', () => {
  it('lists every scalar with its path and the span of its characters (without quotes)', () => {
    const text =
      '{"stream":"a@b","data":{"E":1633998512068,"b":[["0.35","6195.0"]],"m":false,"x":null}}';
    const spans = scanJsonScalars(text);
    expect(spans.map((span) => [span.path, text.slice(span.start, span.end), span.quoted])).toEqual(
      [
        ['stream', 'a@b', true],
        ['data.E', '1633998512068', false],
        ['data.b.0.0', '0.35', true],
        ['data.b.0.1', '6195.0', true],
        ['data.m', 'false', false],
        ['data.x', 'null', false],
      ],
    );
  });

  it('walks top-level arrays (Kraken) and keeps integers beyond 2^53 as text', () => {
    const text =
      '[464,{"a":[["56872.7","0.01","1618678133.924027"]],"c":"2628179034"},"book-1000","XBT/CHF"]';
    expect(
      scanJsonScalars(text, (path) => path.endsWith('.2')).map((span) =>
        text.slice(span.start, span.end),
      ),
    ).toEqual(['1618678133.924027']);
    const big = '{"connectionID":18239578009413566319,"event":"systemStatus"}';
    const [id] = scanJsonScalars(big);
    expect(big.slice(id?.start, id?.end)).toBe('18239578009413566319');
  });

  it('handles escapes, whitespace and empty containers', () => {
    const text = ' { "k\\"ey" : "va\\\\l\\"ue" , "e": [ ], "o": { } , "n": -1.5e3 } ';
    expect(
      scanJsonScalars(text).map((span) => [span.path, text.slice(span.start, span.end)]),
    ).toEqual([
      ['k\\"ey', 'va\\\\l\\"ue'],
      ['n', '-1.5e3'],
    ]);
  });

  it('rejects text that is not JSON', () => {
    expect(() => scanJsonScalars('{"a":1')).toThrow('Expected "," or "}"');
    expect(() => scanJsonScalars('{"a":1} x')).toThrow('Trailing characters');
    expect(() => scanJsonScalars('garbage')).toThrow();
  });
});
