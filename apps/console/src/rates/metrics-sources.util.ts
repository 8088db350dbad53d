import { z } from 'zod';

export interface MetricsSource {
  readonly name: string;
  readonly url: string;
}

/** `name=url,name=url`: the services whose /metrics feed the message-rate chart. */
export const metricsSourcesSchema = z.string().transform((raw, ctx): MetricsSource[] => {
  const sources: MetricsSource[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-zA-Z0-9._-]{1,64})=(https?:\/\/\S+)$/.exec(part);
    if (!match) {
      ctx.addIssue({
        code: 'custom',
        message: `expected name=http(s)://host:port/metrics, got "${part}"`,
      });
      return z.NEVER;
    }
    sources.push({ name: match[1], url: match[2] });
  }
  return sources;
});
