// The chart as users get it: the real helm renders it and kubeconform checks every object
// against the strict Kubernetes schemas offline; then the rendered objects are read back and
// held to the chart's promises (hardened pods, probes, resources, matching selectors,
// referenced-only secrets) for the default, dev and production values.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import {
  chartDir,
  repoRoot,
  chartTools,
  helmLint,
  helmTemplate,
  type K8sObject,
  kubeconform,
  render,
  type Rendered,
  valuesFile,
} from './support/helm-tools.util';

jest.setTimeout(20 * 60_000);

interface Container {
  name: string;
  image: string;
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string } };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  ports?: { name: string; containerPort: number }[];
}

interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown> & { seccompProfile?: { type: string } };
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: PodSpec;
}

type Labels = Record<string, string>;

const valuesDev = join(chartDir, 'values-dev.yaml');
const valuesProduction = join(chartDir, 'values-production.yaml');

const SCENARIOS: Record<string, { files: string[]; sets?: string[] }> = {
  default: { files: [] },
  dev: { files: [valuesDev] },
  production: { files: [valuesProduction] },
  'dev with Strimzi topics': { files: [valuesDev], sets: ['kafkaTopics.strimzi.enabled=true'] },
};

const kindOf = (rendered: Rendered, kind: string): K8sObject[] =>
  rendered.objects.filter((object) => object.kind === kind);

const spec = <T>(object: K8sObject): T => object.spec as T;

function podTemplates(rendered: Rendered): { owner: K8sObject; template: PodTemplate }[] {
  return [
    ...kindOf(rendered, 'Deployment').map((owner) => ({
      owner,
      template: spec<{ template: PodTemplate }>(owner).template,
    })),
    ...kindOf(rendered, 'Job').map((owner) => ({
      owner,
      template: spec<{ template: PodTemplate }>(owner).template,
    })),
  ];
}

const matches = (selector: Labels, labels: Labels): boolean =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

function deploymentNamed(rendered: Rendered, name: string): K8sObject | undefined {
  return kindOf(rendered, 'Deployment').find((deployment) => deployment.metadata.name === name);
}

function configMapData(rendered: Rendered, name: string): Record<string, string> {
  const configMap = kindOf(rendered, 'ConfigMap').find((object) => object.metadata.name === name);
  if (!configMap) throw new Error(`no ConfigMap ${name}`);
  return configMap.data as Record<string, string>;
}

function policyNamed(rendered: Rendered, name: string): K8sObject {
  return must(
    kindOf(rendered, 'NetworkPolicy').find((policy) => policy.metadata.name === name),
    `the ${name} policy`,
  );
}

/** Components a NetworkPolicy lets in by pod selector. */
function ingressCallers(rendered: Rendered, name: string): (string | undefined)[] {
  return spec<{ ingress: { from: { podSelector?: { matchLabels: Labels } }[] }[] }>(
    policyNamed(rendered, name),
  ).ingress.flatMap((rule) =>
    rule.from.map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/component']),
  );
}

function firstContainer(rendered: Rendered, name: string): Container {
  return spec<{ template: PodTemplate }>(must(deploymentNamed(rendered, name), name)).template.spec
    .containers[0];
}

const durationSeconds = (text: string): number => {
  const match = /^(\d+)s$/.exec(text);
  if (!match) throw new Error(`unexpected duration ${text}`);
  return Number(match[1]);
};

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}

interface DomainTopic {
  name: string;
  partitions: number;
  config: Record<string, string>;
}

/** The domain's topic specs, read in a child process: tooling does not import the libraries. */
function domainTopics(): DomainTopic[] {
  const script =
    "const { TOPIC_SPECS } = require('./libs/domain/src/index.ts');" +
    'process.stdout.write(JSON.stringify(TOPIC_SPECS.map(({ name, partitions, config }) => ({ name, partitions, config }))));';
  return JSON.parse(
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    }),
  ) as DomainTopic[];
}

beforeAll(() => {
  chartTools();
});

describe.each(['default', 'dev', 'production'])('helm lint --strict with %s values', (name) => {
  it('passes', () => {
    const result = helmLint(SCENARIOS[name].files);
    expect(result.stderr + result.stdout).toContain('0 chart(s) failed');
    expect(result.code).toBe(0);
  });
});

describe.each(Object.keys(SCENARIOS))('%s values', (name) => {
  let rendered: Rendered;

  beforeAll(() => {
    rendered = render(SCENARIOS[name].files, SCENARIOS[name].sets);
  });

  it('renders objects that all pass the strict Kubernetes schemas offline', () => {
    const report = kubeconform(rendered.manifest);
    const problems = report.resources.filter((resource) => resource.status !== 'statusValid');
    expect(problems).toEqual([]);
    expect(report.summary).toMatchObject({ invalid: 0, errors: 0, skipped: 0 });
    expect(report.summary.valid).toBe(rendered.objects.length);
  });

  it('hardens every container and pod, with resources', () => {
    const templates = podTemplates(rendered);
    expect(templates.length).toBeGreaterThan(0);
    for (const { owner, template } of templates) {
      const pod = template.spec;
      expect({ owner: owner.metadata.name, automount: pod.automountServiceAccountToken }).toEqual({
        owner: owner.metadata.name,
        automount: false,
      });
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const container of pod.containers) {
        const where = `${owner.metadata.name}/${container.name}`;
        expect({ where, securityContext: container.securityContext }).toMatchObject({
          where,
          securityContext: {
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
        });
        expect({
          where,
          cpu: container.resources?.requests?.cpu,
          memory: container.resources?.requests?.memory,
        }).toEqual({
          where,
          cpu: expect.any(String),
          memory: expect.any(String),
        });
        expect({ where, memoryLimit: container.resources?.limits?.memory }).toEqual({
          where,
          memoryLimit: expect.any(String),
        });
      }
    }
  });

  it('wires liveness to /healthz and readiness to /readyz on the HTTP port of every service container', () => {
    for (const deployment of kindOf(rendered, 'Deployment')) {
      for (const container of spec<{ template: PodTemplate }>(deployment).template.spec
        .containers) {
        const where = deployment.metadata.name;
        expect({
          where,
          live: container.livenessProbe?.httpGet,
          ready: container.readinessProbe?.httpGet,
        }).toEqual({
          where,
          live: { path: '/healthz', port: 'http' },
          ready: { path: '/readyz', port: 'http' },
        });
        expect(container.ports?.find((port) => port.name === 'http')).toBeDefined();
      }
    }
  });

  it('gives each pod more grace than its drain timeout plus the preStop pause', () => {
    for (const deployment of kindOf(rendered, 'Deployment')) {
      const pod = spec<{ template: PodTemplate }>(deployment).template.spec;
      const container = pod.containers[0];
      const configMap = container.envFrom?.find((source) => source.configMapRef)?.configMapRef
        ?.name;
      const drain = durationSeconds(
        configMapData(rendered, configMap ?? '').SHUTDOWN_DRAIN_TIMEOUT,
      );
      const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
      expect(preStop).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drain + preStop);
    }
  });

  it('selects each Deployment by labels its pods carry, and Services, PDBs and policies select existing pods', () => {
    const podLabels = kindOf(rendered, 'Deployment').map((deployment) => {
      const { selector, template } = spec<{
        selector: { matchLabels: Labels };
        template: PodTemplate;
      }>(deployment);
      expect(matches(selector.matchLabels, template.metadata.labels)).toBe(true);
      // Selectors must not select another Deployment's pods.
      return {
        name: deployment.metadata.name,
        selector: selector.matchLabels,
        labels: template.metadata.labels,
      };
    });
    for (const own of podLabels) {
      const selected = podLabels.filter((other) => matches(own.selector, other.labels));
      expect(selected.map((other) => other.name)).toEqual([own.name]);
    }
    const selectsOne = (selector: Labels, what: string): void => {
      const selected = podLabels.filter((pods) => matches(selector, pods.labels));
      expect({ what, selected: selected.length }).toEqual({ what, selected: 1 });
    };
    for (const service of kindOf(rendered, 'Service')) {
      selectsOne(spec<{ selector: Labels }>(service).selector, `Service ${service.metadata.name}`);
    }
    for (const pdb of kindOf(rendered, 'PodDisruptionBudget')) {
      selectsOne(
        spec<{ selector: { matchLabels: Labels } }>(pdb).selector.matchLabels,
        `PDB ${pdb.metadata.name}`,
      );
    }
    for (const policy of kindOf(rendered, 'NetworkPolicy')) {
      const selector = spec<{ podSelector: { matchLabels: Labels } }>(policy).podSelector
        .matchLabels;
      expect(podLabels.some((pods) => matches(selector, pods.labels))).toBe(true);
    }
  });

  it('points every Service port at a named container port of the selected pods', () => {
    for (const service of kindOf(rendered, 'Service')) {
      const { selector, ports } = spec<{ selector: Labels; ports: { targetPort: string }[] }>(
        service,
      );
      const deployment = kindOf(rendered, 'Deployment').find((candidate) =>
        matches(selector, spec<{ template: PodTemplate }>(candidate).template.metadata.labels),
      );
      const containerPorts = spec<{ template: PodTemplate }>(
        must(deployment, `a Deployment behind Service ${service.metadata.name}`),
      ).template.spec.containers.flatMap(
        (container) => container.ports?.map((port) => port.name) ?? [],
      );
      for (const port of ports) expect(containerPorts).toContain(port.targetPort);
    }
  });

  it('scales only existing Deployments with HPAs, which then own the replica count', () => {
    for (const hpa of kindOf(rendered, 'HorizontalPodAutoscaler')) {
      const { scaleTargetRef, minReplicas, maxReplicas } = spec<{
        scaleTargetRef: { kind: string; name: string };
        minReplicas: number;
        maxReplicas: number;
      }>(hpa);
      expect(scaleTargetRef.kind).toBe('Deployment');
      const target = deploymentNamed(rendered, scaleTargetRef.name);
      expect(target).toBeDefined();
      expect(
        spec<{ replicas?: number }>(must(target, scaleTargetRef.name)).replicas,
      ).toBeUndefined();
      expect(minReplicas).toBeLessThanOrEqual(maxReplicas);
    }
  });

  it('renders no Secret and only references existing ones; ConfigMaps hold no credentials', () => {
    expect(kindOf(rendered, 'Secret')).toEqual([]);
    expect(rendered.manifest).not.toMatch(/^kind: Secret$/m);
    for (const { template } of podTemplates(rendered)) {
      for (const container of template.spec.containers) {
        for (const variable of container.env ?? []) {
          if (/PASSWORD|SECRET|DATABASE_URL|ACCESS_KEY/.test(variable.name)) {
            expect({ name: variable.name, value: variable.value }).toEqual({
              name: variable.name,
              value: undefined,
            });
            expect(variable.valueFrom?.secretKeyRef?.name).toEqual(expect.any(String));
          }
        }
      }
    }
    for (const configMap of kindOf(rendered, 'ConfigMap')) {
      const keys = Object.keys(configMap.data as Record<string, string>);
      expect(keys.filter((key) => /PASSWORD|SECRET|DATABASE_URL|ACCESS_KEY/.test(key))).toEqual([]);
    }
  });

  it('turns off service account tokens', () => {
    const accounts = kindOf(rendered, 'ServiceAccount');
    expect(accounts.length).toBe(kindOf(rendered, 'Deployment').length);
    for (const account of accounts) expect(account.automountServiceAccountToken).toBe(false);
  });

  it('denies all traffic by default and allows DNS egress for every service', () => {
    const policies = kindOf(rendered, 'NetworkPolicy');
    const deny = policies.find((policy) => policy.metadata.name.endsWith('-default-deny'));
    expect(spec(must(deny, 'the default-deny policy'))).toMatchObject({
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(
      spec<Record<string, unknown>>(must(deny, 'the default-deny policy')).ingress,
    ).toBeUndefined();
    for (const deployment of kindOf(rendered, 'Deployment')) {
      const policy = policies.find(
        (candidate) => candidate.metadata.name === deployment.metadata.name,
      );
      const egress = spec<{ egress: { ports?: { port: number | string; protocol: string }[] }[] }>(
        must(policy, `a NetworkPolicy for ${deployment.metadata.name}`),
      ).egress;
      expect(
        egress.some((rule) =>
          rule.ports?.some((port) => port.port === 53 && port.protocol === 'UDP'),
        ),
      ).toBe(true);
    }
  });

  it('runs migrations as a pre-install/pre-upgrade hook from the existing database Secret', () => {
    const job = kindOf(rendered, 'Job').find((candidate) =>
      candidate.metadata.name.endsWith('-migrate'),
    );
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const container = spec<{ template: PodTemplate }>(must(job, 'the migration Job')).template.spec
      .containers[0];
    expect(
      container.env?.find((variable) => variable.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef,
    ).toEqual({
      name: expect.any(String),
      key: 'DATABASE_URL',
    });
  });
});

describe('scenario specifics', () => {
  it('production leaves exchange-local and venue-replay out and speaks TLS + SASL to Kafka', () => {
    const rendered = render([valuesProduction]);
    const names = kindOf(rendered, 'Deployment').map((deployment) => deployment.metadata.name);
    expect(names.sort()).toEqual([
      'tl-tickline-cache',
      'tl-tickline-exporter',
      'tl-tickline-ingestor',
      'tl-tickline-ingestor-replica',
      'tl-tickline-publisher',
      'tl-tickline-validator',
    ]);
    const config = configMapData(rendered, 'tl-tickline-validator');
    expect(config).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
    expect(config.S3_ENDPOINT).toBeUndefined();
  });

  it('dev runs exchange-local and venue-replay, and lets the ingesters call venue-replay', () => {
    const rendered = render([valuesDev]);
    expect(deploymentNamed(rendered, 'tl-tickline-exchange-local')).toBeDefined();
    expect(deploymentNamed(rendered, 'tl-tickline-venue-replay')).toBeDefined();
    const callers = ingressCallers(rendered, 'tl-tickline-venue-replay');
    expect(callers).toEqual(expect.arrayContaining(['ingestor', 'ingestor-replica']));
    const targets = spec<{ egress: { to?: { podSelector?: { matchLabels: Labels } }[] }[] }>(
      policyNamed(rendered, 'tl-tickline-ingestor'),
    ).egress.flatMap(
      (rule) =>
        rule.to?.map((peer) => peer.podSelector?.matchLabels['app.kubernetes.io/component']) ?? [],
    );
    expect(targets).toContain('venue-replay');
  });

  it('production: publisher and exporter reach AWS Data Exchange with their IRSA roles, no static keys', () => {
    // A port no other dependency uses, so the egress rule found can only be the exchange's.
    const rendered = render([valuesProduction], ['networkPolicy.egress.exchange.ports={8443}']);
    for (const [name, role] of [
      ['tl-tickline-publisher', 'PROVIDER'],
      ['tl-tickline-exporter', 'SUBSCRIBER'],
    ] as const) {
      const config = configMapData(rendered, name);
      expect(config.EXCHANGE_REGION).toBe('us-east-1');
      expect(config.EXCHANGE_ENDPOINT).toBeUndefined();
      expect(firstContainer(rendered, name).env?.map((variable) => variable.name)).not.toContain(
        `EXCHANGE_${role}_ACCESS_KEY_ID`,
      );
      const account = kindOf(rendered, 'ServiceAccount').find((sa) => sa.metadata.name === name);
      expect(account?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(
        /^arn:aws:iam::/,
      );
      expect(JSON.stringify(policyNamed(rendered, name).spec)).toContain('"port":8443');
    }
    expect(JSON.stringify(policyNamed(rendered, 'tl-tickline-validator').spec)).not.toContain(
      '"port":8443',
    );
  });

  it("dev: publisher and exporter call the release's exchange-local with their own account keys", () => {
    const rendered = render([valuesDev]);
    for (const [name, role] of [
      ['tl-tickline-publisher', 'PROVIDER'],
      ['tl-tickline-exporter', 'SUBSCRIBER'],
    ] as const) {
      expect(configMapData(rendered, name).EXCHANGE_ENDPOINT).toBe(
        'http://tl-tickline-exchange-local:19500',
      );
      const container = firstContainer(rendered, name);
      const keyVar = container.env?.find((v) => v.name === `EXCHANGE_${role}_ACCESS_KEY_ID`);
      expect(keyVar?.valueFrom?.secretKeyRef).toEqual({
        name: 'tickline-dev-exchange',
        key: `EXCHANGE_${role}_ACCESS_KEY_ID`,
      });
      // The other account's keys are not handed to it.
      const other = role === 'PROVIDER' ? 'SUBSCRIBER' : 'PROVIDER';
      expect(container.env?.map((v) => v.name)).not.toContain(`EXCHANGE_${other}_ACCESS_KEY_ID`);
    }
    expect(configMapData(rendered, 'tl-tickline-publisher').PUBLISHER_LAKE_BUCKET).toBe(
      'tickline-lake',
    );
    const callers = ingressCallers(rendered, 'tl-tickline-exchange-local');
    expect(callers).toEqual(expect.arrayContaining(['publisher', 'exporter']));
    // exchange-local knows those accounts: its bootstrap file names the same Secret keys.
    const local = firstContainer(rendered, 'tl-tickline-exchange-local');
    for (const role of ['PROVIDER', 'SUBSCRIBER']) {
      expect(
        local.env?.find((v) => v.name === `EXCHANGE_${role}_SECRET_ACCESS_KEY`)?.valueFrom
          ?.secretKeyRef,
      ).toEqual({ name: 'tickline-dev-exchange', key: `EXCHANGE_${role}_SECRET_ACCESS_KEY` });
    }
    expect(configMapData(rendered, 'tl-tickline-exchange-local').EXCHANGE_BOOTSTRAP_FILE).toBe(
      '/app/apps/exchange-local/config/local-stack.bootstrap.json',
    );
  });

  it('deploys the replica ingestion system as its own Deployment with INGESTOR_SYSTEM=replica', () => {
    const rendered = render(
      [],
      ['ingestor.replicaSystem.enabled=true', 'ingestor.replicaSystem.replicaCount=3'],
    );
    const replica = deploymentNamed(rendered, 'tl-tickline-ingestor-replica');
    expect(spec<{ replicas: number }>(must(replica, 'the replica ingestor')).replicas).toBe(3);
    expect(configMapData(rendered, 'tl-tickline-ingestor-replica').INGESTOR_SYSTEM).toBe('replica');
    expect(configMapData(rendered, 'tl-tickline-ingestor').INGESTOR_SYSTEM).toBe('primary');
    expect(deploymentNamed(render([]), 'tl-tickline-ingestor-replica')).toBeUndefined();
  });

  it('passes the subscription document and the pod name to the ingesters', () => {
    const subscriptions = {
      venues: [
        {
          venue: 'kraken',
          options: { wsUrl: 'ws://${VENUE_REPLAY}/kraken' },
          symbols: ['XBT/CHF'],
          types: ['trade'],
        },
      ],
    };
    const rendered = render([
      valuesFile(
        'subscriptions',
        `venueReplay:\n  enabled: true\ningestor:\n  subscriptions: ${JSON.stringify(subscriptions)}\n`,
      ),
    ]);
    const config = configMapData(rendered, 'tl-tickline-ingestor');
    expect(JSON.parse(config.INGESTOR_SUBSCRIPTIONS)).toEqual({
      venues: [
        {
          ...subscriptions.venues[0],
          options: { wsUrl: 'ws://tl-tickline-venue-replay:3400/kraken' },
        },
      ],
    });
    expect(config.INGESTOR_LAKE_BUCKET).toBe('tickline-lake');
    const ingestor = must(deploymentNamed(rendered, 'tl-tickline-ingestor'), 'the ingestor');
    const env = spec<{ template: PodTemplate }>(ingestor).template.spec.containers[0].env ?? [];
    expect(env.find((variable) => variable.name === 'INGESTOR_ID')).toEqual({
      name: 'INGESTOR_ID',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
  });

  it('exposes the cache over HTTP and gRPC', () => {
    const service = must(
      kindOf(render([]), 'Service').find(
        (candidate) => candidate.metadata.name === 'tl-tickline-cache',
      ),
      'the cache Service',
    );
    const ports = spec<{ ports: { name: string; appProtocol: string }[] }>(service).ports;
    expect(ports.map((port) => [port.name, port.appProtocol])).toEqual([
      ['http', 'http'],
      ['grpc', 'grpc'],
    ]);
  });

  it('defines the same Kafka topics as the domain topic specs', () => {
    const topics = kindOf(render([valuesDev], ['kafkaTopics.strimzi.enabled=true']), 'KafkaTopic');
    const chart = topics.map((topic) => {
      const { topicName, partitions, config } = spec<{
        topicName: string;
        partitions: number;
        config: Record<string, string>;
      }>(topic);
      return { topicName, partitions, config };
    });
    const domain = domainTopics().map((topic) => ({
      topicName: topic.name,
      partitions: topic.partitions,
      config: {
        'cleanup.policy': topic.config['cleanup.policy'],
        'retention.ms': topic.config['retention.ms'],
      },
    }));
    const byName = (a: { topicName: string }, b: { topicName: string }): number =>
      a.topicName.localeCompare(b.topicName);
    expect(chart.sort(byName)).toEqual(domain.sort(byName));
  });
});

describe('bad values fail with a readable message', () => {
  const cases: [string, string, RegExp][] = [
    [
      'negative replicas',
      'validator:\n  replicaCount: -1\n',
      /at '\/validator\/replicaCount': minimum: got -1, want 0/,
    ],
    [
      'missing image repository',
      'cache:\n  image:\n    repository: null\n',
      /at '\/cache\/image': missing property 'repository'/,
    ],
    [
      'empty image repository',
      'cache:\n  image:\n    repository: ""\n',
      /at '\/cache\/image\/repository': minLength/,
    ],
    [
      'an unknown key',
      'cache:\n  replicas: 3\n',
      /at '\/cache': additional properties 'replicas' not allowed/,
    ],
    [
      'an unknown top-level key',
      'ingester:\n  enabled: true\n',
      /additional properties 'ingester' not allowed/,
    ],
    [
      'a grace period shorter than the drain',
      'ingestor:\n  shutdown: { drainTimeoutSeconds: 30, preStopSleepSeconds: 5, terminationGracePeriodSeconds: 30 }\n',
      /ingestor\.shutdown\.terminationGracePeriodSeconds \(30\) must be greater than drainTimeoutSeconds \+ preStopSleepSeconds \(35\)/,
    ],
    [
      'SASL without a credentials Secret',
      'kafka:\n  sasl: { mechanism: scram-sha-512, existingSecret: "" }\n',
      /kafka\.sasl\.existingSecret must name a Secret/,
    ],
    [
      'no ingestor subscriptions',
      'ingestor:\n  subscriptions: null\n',
      /ingestor\.subscriptions is empty: set the subscription document/,
    ],
    ['a malformed broker list', 'kafka:\n  brokers: "kafka"\n', /at '\/kafka\/brokers'/],
    [
      'an unknown exchange account role',
      'publisher:\n  dependencies: { kafka: true, database: true, s3: true, exchange: admin }\n',
      /at '\/publisher\/dependencies\/exchange'/,
    ],
    [
      'exchange-local without account keys for the publisher',
      'exchangeLocal:\n  enabled: true\ns3:\n  existingSecret: s3-keys\n',
      /publisher talks to exchange-local, which tells accounts apart by access key: set exchange\.existingSecret/,
    ],
  ];

  it.each(cases)('%s', (name, content, message) => {
    const result = helmTemplate([valuesFile(name.replace(/\W+/g, '-'), content)]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});
