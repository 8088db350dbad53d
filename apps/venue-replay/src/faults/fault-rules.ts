import type { Venue } from '@tickline/domain';

import type { ConnectionMatch, FaultRule, FaultSpec } from './fault.schema';

/** What a rule can see of a connection. */
export interface ConnectionIdentity {
  readonly id: string;
  readonly venue: Venue;
  readonly tag?: string;
}

export function matchesConnection(match: ConnectionMatch, connection: ConnectionIdentity): boolean {
  return (
    (match.venue === undefined || match.venue === connection.venue) &&
    (match.tag === undefined || match.tag === connection.tag) &&
    (match.connectionId === undefined || match.connectionId === connection.id)
  );
}

export interface RuleState {
  readonly id: string;
  readonly rule: FaultRule;
  /** Connections the rule's fault was given to, in order. */
  readonly appliedTo: string[];
}

/**
 * Fault rules: which connections get which fault. A rule picks matching connections that are
 * open when it is added (`existing`), that open later (`new`), or both, up to `limit`.
 */
export class FaultRuleBook {
  private readonly rules: RuleState[] = [];
  private nextId = 1;

  add(rule: FaultRule): RuleState {
    const state: RuleState = { id: `r${this.nextId++}`, rule, appliedTo: [] };
    this.rules.push(state);
    return state;
  }

  list(): readonly RuleState[] {
    return this.rules;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The connections among `open` that a just-added rule applies to now; records them. */
  selectExisting<C extends ConnectionIdentity>(state: RuleState, open: Iterable<C>): C[] {
    if (state.rule.scope === 'new') {
      return [];
    }
    const picked: C[] = [];
    for (const connection of open) {
      if (this.full(state)) break;
      if (matchesConnection(state.rule.match, connection)) {
        state.appliedTo.push(connection.id);
        picked.push(connection);
      }
    }
    return picked;
  }

  /** The faults a connection that just opened gets; records them. */
  forNewConnection(connection: ConnectionIdentity): { ruleId: string; spec: FaultSpec }[] {
    const faults: { ruleId: string; spec: FaultSpec }[] = [];
    for (const state of this.rules) {
      if (state.rule.scope === 'existing' || this.full(state)) continue;
      if (matchesConnection(state.rule.match, connection)) {
        state.appliedTo.push(connection.id);
        faults.push({ ruleId: state.id, spec: state.rule.fault });
      }
    }
    return faults;
  }

  private full(state: RuleState): boolean {
    return state.rule.limit !== undefined && state.appliedTo.length >= state.rule.limit;
  }
}
