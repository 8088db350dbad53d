import { IdentityWindow } from './identity-window.model';
import { OccurrenceWindow } from './occurrence-window.model';

describe('IdentityWindow', () => {
  it('remembers fingerprints by identity and forgets the oldest beyond its capacity', () => {
    const window = new IdentityWindow(3);
    for (const id of ['a', 'b', 'c', 'd']) window.set(id, `fp-${id}`);
    expect(window.size).toBe(3);
    expect(window.get('a')).toBeUndefined();
    expect(window.get('b')).toBe('fp-b');
    expect(window.get('d')).toBe('fp-d');
  });
});

describe('OccurrenceWindow', () => {
  it("accepts the first copy of each content and drops the other ingesters' copies", () => {
    const window = new OccurrenceWindow(10);
    expect(window.observe('x', 'a')).toBe(true);
    expect(window.observe('x', 'b')).toBe(false);
    expect(window.observe('y', 'b')).toBe(true);
    expect(window.observe('y', 'a')).toBe(false);
  });

  it('keeps genuine repeats: the n-th occurrence is new until some ingester delivered n', () => {
    const window = new OccurrenceWindow(10);
    // The venue sent the same message twice; both ingesters saw both, interleaved.
    expect(window.observe('x', 'a')).toBe(true);
    expect(window.observe('x', 'b')).toBe(false);
    expect(window.observe('x', 'b')).toBe(true);
    expect(window.observe('x', 'a')).toBe(false);
    expect(window.observe('x', 'a')).toBe(true);
  });

  it('is bounded, forgetting the oldest content first', () => {
    const window = new OccurrenceWindow(2);
    window.observe('x', 'a');
    window.observe('y', 'a');
    window.observe('z', 'a');
    expect(window.size).toBe(2);
    // 'x' was forgotten, so its copy now counts as new: the window must cover the replicas' lag.
    expect(window.observe('x', 'b')).toBe(true);
    expect(window.observe('z', 'b')).toBe(false);
  });
});
