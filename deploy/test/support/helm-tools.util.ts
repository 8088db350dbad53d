// Runs the real chart tooling (helm, kubeconform) that deploy/helm/install-tools.sh builds and
// caches, so the chart specs check exactly what users and CI run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { parseAllDocuments } from 'yaml';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const chartDir = join(repoRoot, 'helm', 'tickline');
/** Hand-written schemas for custom resources the Kubernetes schemas do not cover (Strimzi). */
const crdSchemaDir = join(__dirname, '..', 'schemas');

export interface ChartTools {
  readonly helm: string;
  readonly kubeconform: string;
  readonly schemaDir: string;
  readonly kubernetesVersion: string;
}

let cached: ChartTools | undefined;

/** Installs the tools on first use (a few minutes: helm is built from source), then reuses them. */
export function chartTools(): ChartTools {
  if (cached) return cached;
  const output = execFileSync('bash', [join(repoRoot, 'deploy', 'helm', 'install-tools.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 20 * 60_000,
  });
  const vars = Object.fromEntries(
    output
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  for (const key of ['HELM', 'KUBECONFORM', 'K8S_SCHEMA_DIR', 'K8S_VERSION']) {
    if (!vars[key])
      throw new Error(`install-tools.sh did not print ${key}; output was:\n${output}`);
  }
  cached = {
    helm: vars.HELM,
    kubeconform: vars.KUBECONFORM,
    schemaDir: vars.K8S_SCHEMA_DIR,
    kubernetesVersion: vars.K8S_VERSION,
  };
  return cached;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[]): RunResult {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function helmLint(valuesFiles: readonly string[]): RunResult {
  const tools = chartTools();
  return run(tools.helm, [
    'lint',
    '--strict',
    chartDir,
    ...valuesFiles.flatMap((file) => ['-f', file]),
  ]);
}

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

export interface Rendered {
  readonly manifest: string;
  readonly objects: K8sObject[];
}

export function helmTemplate(
  valuesFiles: readonly string[],
  sets: readonly string[] = [],
): RunResult {
  const tools = chartTools();
  return run(tools.helm, [
    'template',
    'tl',
    chartDir,
    '--namespace',
    'tickline',
    // helm built from source defaults to an old Kubernetes version; render for the one we validate against.
    '--kube-version',
    tools.kubernetesVersion,
    ...valuesFiles.flatMap((file) => ['-f', file]),
    ...sets.flatMap((set) => ['--set', set]),
  ]);
}

export function render(valuesFiles: readonly string[], sets: readonly string[] = []): Rendered {
  const result = helmTemplate(valuesFiles, sets);
  if (result.code !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  const objects = parseAllDocuments(result.stdout)
    .map((document) => {
      if (document.errors.length > 0)
        throw new Error(`rendered YAML is invalid: ${document.errors[0].message}`);
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
  return { manifest: result.stdout, objects };
}

export interface KubeconformSummary {
  readonly valid: number;
  readonly invalid: number;
  readonly errors: number;
  readonly skipped: number;
}

export interface KubeconformReport {
  readonly resources: { name: string; kind: string; status: string; msg: string }[];
  readonly summary: KubeconformSummary;
}

/** Validates a manifest offline against the strict Kubernetes schemas (no missing schema allowed). */
export function kubeconform(manifest: string): KubeconformReport {
  const tools = chartTools();
  const dir = mkdtempSync(join(tmpdir(), 'tickline-chart-'));
  const file = join(dir, 'manifest.yaml');
  writeFileSync(file, manifest);
  const result = run(tools.kubeconform, [
    '-strict',
    '-output',
    'json',
    '-summary',
    '-verbose',
    '-kubernetes-version',
    tools.kubernetesVersion,
    '-schema-location',
    `${tools.schemaDir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    '-schema-location',
    `${crdSchemaDir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
    file,
  ]);
  try {
    return JSON.parse(result.stdout) as KubeconformReport;
  } catch {
    throw new Error(
      `kubeconform gave no JSON report (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** Writes a values file for one scenario and returns its path. */
export function valuesFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickline-values-'));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, content);
  return file;
}
