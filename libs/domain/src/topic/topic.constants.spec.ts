import { VENUE_ENVELOPES } from '../../test/venue-envelopes.fixture';
import { TOPIC_SPECS, TOPICS, topicSpec } from './topic.constants';

describe('topics', () => {
  it('has one spec per topic name, versioned and unique', () => {
    const names = TOPIC_SPECS.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.values(TOPICS).sort());
    for (const name of names) expect(name).toMatch(/^[a-z]+(\.[a-z]+)+\.v[0-9]+$/);
  });

  it('gives the topic bootstrap the shape it expects', () => {
    for (const spec of TOPIC_SPECS) {
      expect(Number.isInteger(spec.partitions) && spec.partitions >= 1).toBe(true);
      expect(spec.replicationFactor).toBe(1);
      expect(spec.description.length).toBeGreaterThan(10);
      expect(['delete', 'compact']).toContain(spec.config['cleanup.policy']);
      expect(spec.config['retention.ms']).toMatch(/^(-1|[0-9]+)$/);
      for (const value of Object.values(spec.config)) expect(typeof value).toBe('string');
    }
  });

  it('compacts the cache snapshot topic and only that one', () => {
    const compacted = TOPIC_SPECS.filter((spec) => spec.config['cleanup.policy'] === 'compact');
    expect(compacted.map((spec) => spec.name)).toEqual([TOPICS.cacheSnapshots]);
  });

  it('pairs each topic with the schema of what it carries', () => {
    const envelope = VENUE_ENVELOPES['binanceTrade'];
    expect(topicSpec(TOPICS.rawEvents).schema.safeParse(envelope).success).toBe(true);
    expect(topicSpec(TOPICS.validEvents).schema.safeParse(envelope).success).toBe(true);
    expect(topicSpec(TOPICS.alerts).schema.safeParse(envelope).success).toBe(false);
    expect(() => topicSpec('md.nope.v1' as never)).toThrow('Unknown topic "md.nope.v1"');
  });
});
