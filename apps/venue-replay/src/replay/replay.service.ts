import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Venue } from '@tickline/domain';
import { ConfigService, DRAIN_ORDER, DrainService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';
import type { FaultRule, FaultSpec } from '../faults/fault.schema';
import { FaultRuleBook, type RuleState } from '../faults/fault-rules';
import type { ClientConnection } from '../gateway/client-connection';
import type { HeartbeatSettings } from '../protocols/venue-protocol';
import { VENUE_PROTOCOLS } from '../protocols/venue-protocols';
import { RecordingStore } from '../recording/recording-store.service';
import { ReplayMetrics } from './replay-metrics';
import { VenueSession, type SessionSettings } from './venue-session';

/**
 * All venue sessions, every open connection and the fault rules. The gateway hands new
 * connections here; the control API reads and steers everything through it.
 */
@Injectable()
export class ReplayService implements OnModuleInit {
  private readonly logger = new Logger(ReplayService.name);
  private readonly sessions = new Map<Venue, VenueSession>();
  private readonly connections = new Map<string, ClientConnection>();
  readonly faultRules = new FaultRuleBook();
  private nextConnection = 1;
  private nextFault = 1;
  private readonly settings: SessionSettings;
  private readonly heartbeat: HeartbeatSettings;
  private readonly backpressureBytes: number;

  constructor(
    private readonly store: RecordingStore,
    private readonly metrics: ReplayMetrics,
    private readonly drain: DrainService,
    config: ConfigService<AppConfig>,
  ) {
    this.settings = {
      speed: config.get('REPLAY_SPEED'),
      loop: config.get('REPLAY_LOOP'),
      timeShift: config.get('REPLAY_TIME_SHIFT'),
      start: config.get('REPLAY_START'),
    };
    this.heartbeat = {
      heartbeatIntervalMs: config.get('REPLAY_HEARTBEAT_INTERVAL'),
      pingIntervalMs: config.get('REPLAY_PING_INTERVAL'),
      idleTimeoutMs: config.get('REPLAY_IDLE_TIMEOUT'),
    };
    this.backpressureBytes = config.get('REPLAY_BACKPRESSURE_BYTES');
    for (const rule of config.get('REPLAY_FAULTS')) {
      this.faultRules.add(rule);
    }
  }

  onModuleInit(): void {
    for (const source of this.store.sources().values()) {
      this.sessions.set(
        source.venue,
        new VenueSession(source, VENUE_PROTOCOLS[source.venue], this.settings, this.heartbeat, {
          backpressureBytes: this.backpressureBytes,
          observer: this.metrics,
        }),
      );
    }
    this.logger.log(`Replaying ${[...this.sessions.keys()].join(', ') || 'no venue'}.`);
    this.drain.register('venue replay sessions', () => this.close(), {
      order: DRAIN_ORDER.stopIntake,
    });
  }

  session(venue: Venue): VenueSession | undefined {
    return this.sessions.get(venue);
  }

  allSessions(): VenueSession[] {
    return [...this.sessions.values()];
  }

  /** Loads files into the store and restarts the venues they replace or add. */
  load(paths: readonly string[]): Venue[] {
    const venues: Venue[] = [];
    for (const source of this.store.load(paths)) {
      const existing = this.sessions.get(source.venue);
      if (existing) {
        existing.restart(source);
      } else {
        this.sessions.set(
          source.venue,
          new VenueSession(source, VENUE_PROTOCOLS[source.venue], this.settings, this.heartbeat, {
            backpressureBytes: this.backpressureBytes,
            observer: this.metrics,
          }),
        );
      }
      venues.push(source.venue);
    }
    return venues;
  }

  // ---- connections -----------------------------------------------------------------------

  newConnectionId(): string {
    return `c${this.nextConnection++}`;
  }

  /** Registers an accepted connection: its session, the fault rules for new connections. */
  register(connection: ClientConnection): void {
    this.connections.set(connection.id, connection);
    connection.onClose(() => this.connections.delete(connection.id));
    this.metrics.connectionOpened(connection.venue);
    for (const { ruleId, spec } of this.faultRules.forNewConnection(connection)) {
      this.assign(connection, spec, ruleId);
    }
  }

  clientFrame(connection: ClientConnection): void {
    this.metrics.clientFrame(connection.venue);
  }

  connection(id: string): ClientConnection | undefined {
    return this.connections.get(id);
  }

  allConnections(): ClientConnection[] {
    return [...this.connections.values()];
  }

  /** Gives one connection a fault; returns its id. */
  assign(connection: ClientConnection, spec: FaultSpec, ruleId?: string): string {
    const id = `f${this.nextFault++}`;
    connection.addFault(id, spec);
    this.metrics.faultAssigned(connection.venue, spec.type);
    this.logger.log(
      `Fault ${id} (${spec.type}${ruleId ? `, rule ${ruleId}` : ''}) assigned to connection ${connection.id} (${connection.venue}${connection.tag ? `, tag ${connection.tag}` : ''}).`,
    );
    return id;
  }

  /** Adds a rule and applies it to the open connections it selects. */
  addRule(rule: FaultRule): { rule: RuleState; assigned: { connection: string; fault: string }[] } {
    const state = this.faultRules.add(rule);
    const assigned = this.faultRules
      .selectExisting(state, this.connections.values())
      .map((connection) => ({
        connection: connection.id,
        fault: this.assign(connection, rule.fault, state.id),
      }));
    return { rule: state, assigned };
  }

  close(): void {
    for (const session of this.sessions.values()) {
      session.close();
    }
  }
}
