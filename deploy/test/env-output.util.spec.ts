import { execFileSync } from 'node:child_process';

import { formatEnvLines, shellQuote } from '../stack/env-output.util';

describe('env output', () => {
  it('prints one KEY=value line per variable, plain values unquoted', () => {
    expect(
      formatEnvLines({
        KAFKA_BROKERS: '127.0.0.1:19092',
        DATABASE_URL: 'postgresql://u:p@127.0.0.1:15432/db',
      }),
    ).toBe('KAFKA_BROKERS=127.0.0.1:19092\nDATABASE_URL=postgresql://u:p@127.0.0.1:15432/db');
  });

  it('prefixes export when asked', () => {
    expect(formatEnvLines({ A: '1', B: '2' }, { export: true })).toBe('export A=1\nexport B=2');
  });

  it('quotes values a shell would otherwise split or expand', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it('rejects names that are not variable names', () => {
    expect(() => formatEnvLines({ 'BAD-NAME': 'x' })).toThrow(/Not a valid/);
  });

  it('survives a real shell eval unchanged', () => {
    const values = {
      PLAIN: 'http://127.0.0.1:19000',
      TRICKY: `a b'c"d$e\`f\\g;h|i&j*k`,
      EMPTY: '',
    };
    const script = `set -e\neval "$1"\nprintf '%s\\0' "$PLAIN" "$TRICKY" "$EMPTY"`;
    const out = execFileSync('bash', ['-c', script, 'bash', formatEnvLines(values)], {
      encoding: 'utf8',
    });
    expect(out.split('\0').slice(0, 3)).toEqual([values.PLAIN, values.TRICKY, values.EMPTY]);
  });
});
