/**
 * A topic the platform needs, as `@tickline/domain` lists them in TOPIC_SPECS. Declared here
 * structurally so bootstrap accepts any list of that shape (tests use run-unique names).
 */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
  readonly description?: string;
}
