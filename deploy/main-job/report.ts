// The report printed at the end of the run: what was captured, validated, cached, published and
// delivered. Gathered from the services' REST APIs and /metrics and the alerts topic.
import { parsePrometheusText, sumByLabel, sumOf, type MetricSample } from '@tickline/domain';

import type { CollectedAlert } from './alert-collector';
import type { PublishRun } from './publish.step';
import { fetchJson, fetchText } from './http.util';

export interface VenueFigures {
  readonly venue: string;
  readonly markets: readonly string[];
  readonly messagesPrimary: number;
  readonly messagesReplica: number;
  readonly accepted: number;
}

export interface MainJobReport {
  readonly date: string;
  readonly venues: readonly VenueFigures[];
  readonly gaps: readonly string[];
  readonly lake: {
    readonly canonical: number;
    readonly partial: number;
    readonly dedupHits: number;
  };
  readonly publish: { readonly unavailable?: string; readonly runs: readonly PublishRun[] };
  readonly exports: {
    readonly unavailable?: string;
    readonly buckets: readonly { readonly bucket: string; readonly keys: readonly string[] }[];
  };
  readonly consoleUrl?: string;
  readonly unavailable: readonly string[];
}

async function metricsOf(url: string): Promise<MetricSample[]> {
  try {
    return parsePrometheusText(await fetchText(`${url}/metrics`));
  } catch {
    return [];
  }
}

export interface FigureSources {
  readonly cacheUrl: string;
  readonly primaryUrl: string;
  readonly replicaUrl: string;
  readonly validatorUrl: string;
  readonly venues: readonly string[];
}

/** Markets in the cache and message counts per venue; lake windows and dedup hits. */
export async function gatherFigures(
  sources: FigureSources,
): Promise<Pick<MainJobReport, 'venues' | 'lake'>> {
  const [primary, replica, validator, markets] = await Promise.all([
    metricsOf(sources.primaryUrl),
    metricsOf(sources.replicaUrl),
    metricsOf(sources.validatorUrl),
    fetchJson<{ markets: { venue: string; symbol: string }[] }>(
      `${sources.cacheUrl}/v1/markets`,
    ).catch(() => ({
      markets: [],
    })),
  ]);
  const byVenue = (samples: MetricSample[], name: string) => sumByLabel(samples, name, 'venue');
  const primaryMessages = byVenue(primary, 'ingestor_messages_total');
  const replicaMessages = byVenue(replica, 'ingestor_messages_total');
  const accepted = byVenue(validator, 'validator_events_accepted_total');
  const windows = [...primary, ...replica];
  const kinds = sumByLabel(windows, 'ingestor_lake_windows_written_total', 'kind');
  return {
    venues: sources.venues.map((venue) => ({
      venue,
      markets: markets.markets.filter((m) => m.venue === venue).map((m) => m.symbol),
      messagesPrimary: primaryMessages.get(venue) ?? 0,
      messagesReplica: replicaMessages.get(venue) ?? 0,
      accepted: accepted.get(venue) ?? 0,
    })),
    lake: {
      canonical: kinds.get('canonical') ?? 0,
      partial: kinds.get('partial') ?? 0,
      dedupHits: sumOf(windows, 'ingestor_lake_dedup_hits_total'),
    },
  };
}

/** One line per gap alert: where (venue:symbol), which ids, and who saw it. */
export function describeGaps(alerts: readonly CollectedAlert[]): string[] {
  return alerts
    .filter((a) => a.kind === 'gap')
    .map((a) => {
      const ids =
        a.detail?.expected !== undefined
          ? ` expected ${String(a.detail.expected)}, received ${String(a.detail.received)}`
          : '';
      return `${a.venue ?? '?'}:${a.symbol ?? '?'}${ids} (${a.service}${a.instance ? ` ${a.instance}` : ''})`;
    });
}

const pad = (text: string | number, width: number) => String(text).padEnd(width);

export function formatReport(report: MainJobReport): string {
  const lines: string[] = [];
  lines.push('', `=== Tickline main job: report for ${report.date} ===`, '');
  lines.push('Markets and messages (primary / replica ingestor; accepted by the validator):');
  for (const v of report.venues) {
    lines.push(
      `  ${pad(v.venue, 9)} ${pad(`${v.markets.length} markets`, 11)} ${pad(`${v.messagesPrimary} / ${v.messagesReplica}`, 17)} ${v.accepted} accepted   ${v.markets.join(' ')}`,
    );
  }
  lines.push('', `Gaps found: ${report.gaps.length}`);
  for (const gap of report.gaps.slice(0, 20)) lines.push(`  ${gap}`);
  if (report.gaps.length > 20) lines.push(`  ... and ${report.gaps.length - 20} more`);
  lines.push(
    '',
    `Lake windows written: ${report.lake.canonical} canonical, ${report.lake.partial} partial; dedup hits: ${report.lake.dedupHits}`,
  );
  lines.push('', 'Published revisions:');
  if (report.publish.unavailable) lines.push(`  unavailable: ${report.publish.unavailable}`);
  for (const run of report.publish.runs) {
    lines.push(
      `  ${pad(run.dataSet, 24)} ${pad(run.status, 9)} ${pad(`${run.rowCount ?? 0} rows`, 12)} ${run.revisionArn ?? run.error ?? ''}`,
    );
  }
  lines.push('', 'Exported to the subscriber:');
  if (report.exports.unavailable) lines.push(`  unavailable: ${report.exports.unavailable}`);
  for (const b of report.exports.buckets) {
    lines.push(`  s3://${b.bucket}/ (${b.keys.length} objects)`);
    for (const key of b.keys) lines.push(`    ${key}`);
  }
  if (report.unavailable.length > 0)
    lines.push('', `Not run (app not there yet): ${report.unavailable.join(', ')}`);
  if (report.consoleUrl) lines.push('', `Operator console: ${report.consoleUrl}`);
  lines.push('');
  return lines.join('\n');
}
