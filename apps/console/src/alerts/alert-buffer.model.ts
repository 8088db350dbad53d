// The newest alerts, newest first, bounded. Alerts are kept as the producers wrote them (the
// domain's alert schema); only the fields the page shows are required to be present.

export interface ConsoleAlert {
  readonly kind: string;
  readonly severity: string;
  readonly timeUs: number;
  readonly service: string;
  readonly instance?: string;
  readonly venue?: string;
  readonly symbol?: string;
  readonly message: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export class AlertBuffer {
  private readonly items: ConsoleAlert[] = [];
  private readonly kinds = new Map<string, number>();

  constructor(private readonly keep: number) {}

  add(alert: ConsoleAlert): void {
    this.items.unshift(alert);
    if (this.items.length > this.keep) this.items.length = this.keep;
    this.kinds.set(alert.kind, (this.kinds.get(alert.kind) ?? 0) + 1);
  }

  /** Newest first; `kind` filters (e.g. `gap`). Counts cover every alert seen, not only the kept ones. */
  list(limit: number, kind?: string): { alerts: ConsoleAlert[]; counts: Record<string, number> } {
    const alerts = (kind ? this.items.filter((a) => a.kind === kind) : this.items).slice(0, limit);
    return { alerts, counts: Object.fromEntries(this.kinds) };
  }
}

/** Parses one record of the alerts topic; undefined for anything that is not an alert. */
export function parseAlert(value: Buffer | null): ConsoleAlert | undefined {
  if (!value) return undefined;
  try {
    const alert = JSON.parse(value.toString('utf8')) as Partial<ConsoleAlert>;
    if (typeof alert.kind !== 'string' || typeof alert.message !== 'string') return undefined;
    return {
      ...alert,
      kind: alert.kind,
      message: alert.message,
      severity: String(alert.severity ?? 'info'),
      service: String(alert.service ?? '?'),
      timeUs: Number(alert.timeUs ?? 0),
    };
  } catch {
    return undefined;
  }
}
