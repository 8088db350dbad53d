// Reads the alerts topic during the run, so the report can say which gaps were found and where.
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface CollectedAlert {
  readonly kind: string;
  readonly severity: string;
  readonly service: string;
  readonly instance?: string;
  readonly venue?: string;
  readonly symbol?: string;
  readonly message: string;
  readonly detail?: Record<string, unknown>;
}

export class AlertCollector {
  readonly alerts: CollectedAlert[] = [];
  private consumer?: Consumer;
  private kafka?: Kafka;

  constructor(
    private readonly brokers: readonly string[],
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  /**
   * Joins at the topic's end, so only alerts raised from now on are collected. Called once the
   * ingestors are ready (they create the topic) and before the venues start playing.
   */
  async start(timeoutMs = 30_000): Promise<void> {
    const kafka = (this.kafka = new Kafka({
      clientId: 'main-job',
      brokers: [...this.brokers],
      logLevel: logLevel.NOTHING,
    }));
    this.consumer = kafka.consumer({ groupId: this.groupId });
    const joined = new Promise<void>((resolve) =>
      this.consumer?.on('consumer.group_join', () => resolve()),
    );
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        try {
          this.alerts.push(JSON.parse(message.value?.toString('utf8') ?? '') as CollectedAlert);
        } catch {
          // Not an alert; the validator dead-letters such records, nothing to report here.
        }
      },
    });
    await Promise.race([joined, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  }

  /** Leaves, and deletes the group: it is this run's alone. */
  async stop(): Promise<void> {
    if (!this.consumer || !this.kafka) return;
    await this.consumer.disconnect().catch(() => undefined);
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([this.groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
