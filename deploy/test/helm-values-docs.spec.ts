// docs/deploy.md carries the values reference; this keeps it in step with values.yaml and
// values.schema.json, so a new setting cannot ship undocumented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { chartDir, repoRoot } from './support/helm-tools.util';

const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<
  string,
  unknown
>;
const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as {
  properties: Record<string, { properties?: Record<string, unknown> }>;
};
const docs = readFileSync(join(repoRoot, 'docs', 'deploy.md'), 'utf8');

const SERVICES = [
  'exchangeLocal',
  'venueReplay',
  'ingestor',
  'validator',
  'cache',
  'publisher',
  'exporter',
];
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

describe('values reference in docs/deploy.md', () => {
  it('documents every shared setting', () => {
    const missing: string[] = [];
    for (const [key, value] of Object.entries(values)) {
      if (SERVICES.includes(key)) continue;
      if (!docs.includes(`\`${key}`)) missing.push(key);
      if (isObject(value)) {
        for (const child of Object.keys(value)) {
          if (!docs.includes(`${key}.${child}`)) missing.push(`${key}.${child}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents every per-service setting', () => {
    const keys = new Set(
      SERVICES.flatMap((service) => Object.keys(schema.properties[service].properties ?? {})),
    );
    expect([...keys].filter((key) => !docs.includes(`\`${key}`))).toEqual([]);
    for (const service of SERVICES) expect(docs).toContain(`\`${service}\``);
  });

  it('has a schema entry for every value, so the strict schema accepts the defaults', () => {
    expect(Object.keys(values).filter((key) => !(key in schema.properties))).toEqual([]);
  });
});
