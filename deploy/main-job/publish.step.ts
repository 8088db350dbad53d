// Publishes the day through the publisher's REST API and waits for every run to end.
import { fetchJson, postJson, waitFor } from './http.util';

export interface PublishRun {
  readonly id: string;
  readonly dataSet: string;
  readonly day?: string;
  readonly status: string;
  readonly step: string;
  readonly revisionId?: string | null;
  readonly revisionArn?: string | null;
  readonly rowCount?: number | string | null;
  readonly manifestKey?: string | null;
  readonly error?: string | null;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED']);

/** The part of the publisher's `GET /mapping` the job reads. */
interface Mapping {
  readonly dataSets: readonly { name: string; venue: string; type: string }[];
}

/** The data sets the publisher's mapping fills from these venues. */
export async function dataSetsOf(
  publisherUrl: string,
  venues: readonly string[],
): Promise<string[]> {
  const mapping = await fetchJson<Mapping>(`${publisherUrl}/mapping`);
  return mapping.dataSets
    .filter((d) => venues.includes(d.venue))
    .map((d) => d.name)
    .sort();
}

export async function publishDay(
  publisherUrl: string,
  day: string,
  dataSets: readonly string[],
  onProgress: (runs: readonly PublishRun[]) => void,
  timeoutMs: number,
): Promise<PublishRun[]> {
  const { runs } = await postJson<{ runs: PublishRun[] }>(`${publisherUrl}/runs`, {
    from: day,
    dataSets,
    force: true,
    reason: 'main job (npm start)',
  });
  if (runs.length === 0)
    throw new Error(`The publisher started no run for ${day} (is its mapping empty?).`);
  return waitFor(
    'the publish runs',
    async () => {
      const current = await Promise.all(
        runs.map((run) => fetchJson<PublishRun>(`${publisherUrl}/runs/${run.id}`)),
      );
      onProgress(current);
      return current.every((run) => FINISHED.has(run.status.toUpperCase())) ? current : undefined;
    },
    { timeoutMs, intervalMs: 1000 },
  );
}
