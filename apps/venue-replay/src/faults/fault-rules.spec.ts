import { faultRuleSchema } from './fault.schema';
import { FaultRuleBook, matchesConnection, type ConnectionIdentity } from './fault-rules';

const a: ConnectionIdentity = { id: 'c1', venue: 'binance', tag: 'replica-b' };
const b: ConnectionIdentity = { id: 'c2', venue: 'binance' };
const c: ConnectionIdentity = { id: 'c3', venue: 'kraken', tag: 'replica-b' };

describe('fault rule selection', () => {
  it('matches on venue, tag and connection id together', () => {
    expect(matchesConnection({}, a)).toBe(true);
    expect(matchesConnection({ venue: 'binance', tag: 'replica-b' }, a)).toBe(true);
    expect(matchesConnection({ venue: 'binance', tag: 'replica-b' }, b)).toBe(false);
    expect(matchesConnection({ tag: 'replica-b' }, c)).toBe(true);
    expect(matchesConnection({ connectionId: 'c2' }, a)).toBe(false);
  });

  it('applies a rule to open connections, later ones, or both, up to its limit', () => {
    const book = new FaultRuleBook();
    const existing = book.add(
      faultRuleSchema.parse({
        match: { tag: 'replica-b' },
        fault: { type: 'drop' },
        scope: 'existing',
      }),
    );
    expect(book.selectExisting(existing, [a, b, c]).map((connection) => connection.id)).toEqual([
      'c1',
      'c3',
    ]);
    expect(book.forNewConnection({ id: 'c4', venue: 'okx', tag: 'replica-b' })).toEqual([]);

    const limited = book.add(
      faultRuleSchema.parse({ match: { venue: 'binance' }, fault: { type: 'stall' }, limit: 2 }),
    );
    expect(book.selectExisting(limited, [a, b, c]).map((connection) => connection.id)).toEqual([
      'c1',
      'c2',
    ]);
    expect(book.forNewConnection({ id: 'c5', venue: 'binance' })).toEqual([]);

    const future = book.add(
      faultRuleSchema.parse({
        match: { venue: 'okx' },
        fault: { type: 'disconnect' },
        scope: 'new',
      }),
    );
    expect(book.selectExisting(future, [a, b, c])).toEqual([]);
    expect(book.forNewConnection({ id: 'c6', venue: 'okx' })).toEqual([
      { ruleId: future.id, spec: { type: 'disconnect', mode: 'terminate', after: 0 } },
    ]);
    expect(book.list().map((rule) => rule.appliedTo)).toEqual([['c1', 'c3'], ['c1', 'c2'], ['c6']]);
  });
});
