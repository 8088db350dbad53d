// Publishes the day through the publisher's REST API and waits for every run to end.
import { fetchJson, postJson, waitFor } from './http.util';

export interface PublishRun {
  readonly id: string;
  readonly dataSet: string;
  readonly day?: string;
  readonly status: string;
  readonly step: string;
  readonly revisionArn?: string | null;
  readonly rowCount?: number | string | null;
  readonly manifestKey?: string | null;
  readonly error?: string | null;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED']);

export async function publishDay(
  publisherUrl: string,
  day: string,
  onProgress: (runs: readonly PublishRun[]) => void,
  timeoutMs: number,
): Promise<PublishRun[]> {
  const { runs } = await postJson<{ runs: PublishRun[] }>(`${publisherUrl}/runs`, {
    from: day,
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
