import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { aptInstall } from '../apt.util';
import type { StackComponent } from '../component.interface';
import { findOnPath, runChecked, spawnDetached, stopProcess } from '../process.util';
import { kafkaMajorVersion, type StackConfig } from '../stack-config.util';

function paths(config: StackConfig) {
  const root = join(config.stackDir, 'kafka');
  return {
    root,
    data: join(root, 'data'),
    logDir: join(root, 'logs'),
    properties: join(root, 'server.properties'),
    // The JVM's own stdout/stderr: crash reports and anything logged before log4j is up.
    consoleLog: join(root, 'kafka.out'),
  };
}

export function kafkaLibsDir(config: StackConfig): string {
  return join(config.cacheDir, 'kafka', config.versions.kafka, 'libs');
}

/** Single-node KRaft: one process is both broker and controller, listening on loopback only. */
export function kafkaServerProperties(config: StackConfig, dataDir: string): string {
  const { host, ports } = config;
  const settings: Array<[string, string | number]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.voters', `1@${host}:${ports.kafkaController}`],
    [
      'listeners',
      `PLAINTEXT://${host}:${ports.kafka},CONTROLLER://${host}:${ports.kafkaController}`,
    ],
    ['advertised.listeners', `PLAINTEXT://${host}:${ports.kafka}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['log.dirs', dataDir],
    ['num.partitions', 1],
    // One broker: internal topics cannot have more than one replica.
    ['offsets.topic.replication.factor', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    // Consumer groups in tests should form at once, not after the 3 s production delay.
    ['group.initial.rebalance.delay.ms', 0],
    ['auto.create.topics.enable', 'true'],
    ['log.retention.hours', 168],
  ];
  return [
    '# Written by the local stack on every start; edit deploy/stack instead.',
    ...settings.map(([key, value]) => `${key}=${value}`),
    '',
  ].join('\n');
}

function javaBinary(): string | undefined {
  const fromHome = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : undefined;
  if (fromHome && existsSync(fromHome)) return fromHome;
  return findOnPath('java');
}

function requireJava(): string {
  const java = javaBinary();
  if (!java)
    throw new Error('Java is not installed (run `npm run stack -- up` as root to install it).');
  return java;
}

function loggingArgs(config: StackConfig): string[] {
  const kafkaDir = join(config.repoRoot, 'deploy', 'kafka');
  return kafkaMajorVersion(config.versions.kafka) >= 4
    ? [`-Dlog4j2.configurationFile=${join(kafkaDir, 'log4j2.xml')}`]
    : [`-Dlog4j.configuration=file:${join(kafkaDir, 'log4j.properties')}`];
}

export const kafkaComponent: StackComponent = {
  name: 'kafka',
  dependsOn: [],
  startTimeoutMs: 90_000,

  version(config) {
    return config.versions.kafka;
  },

  ports(config) {
    return { kafka: config.ports.kafka, kafkaController: config.ports.kafkaController };
  },

  externalEnv(processEnv, own) {
    const brokers = processEnv.KAFKA_BROKERS?.trim();
    if (!brokers || brokers === own?.KAFKA_BROKERS) return undefined;
    return { KAFKA_BROKERS: brokers };
  },

  ownEnv({ config }) {
    return { KAFKA_BROKERS: `${config.host}:${config.ports.kafka}` };
  },

  async install({ config, log }) {
    const missing: string[] = [];
    if (!javaBinary()) missing.push('openjdk-17-jre-headless');
    const libs = kafkaLibsDir(config);
    const complete = join(libs, '.complete');
    const needJars = !existsSync(complete);
    if (needJars && !findOnPath('mvn')) missing.push('maven');
    await aptInstall(missing, log);
    if (!needJars) return;

    const major = kafkaMajorVersion(config.versions.kafka);
    log.info(
      `kafka: resolving Apache Kafka ${config.versions.kafka} jars with Maven (cached in ~/.m2)`,
    );
    // Resolve into a scratch folder and rename at the end, so an interrupted run never
    // leaves a half-filled classpath that looks complete.
    const scratch = `${libs}.partial-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    await runChecked(
      'mvn',
      [
        '-q',
        '-B',
        '-Dstyle.color=never',
        '-f',
        join(config.repoRoot, 'deploy', 'kafka', 'pom.xml'),
        'dependency:copy-dependencies',
        `-Dkafka.version=${config.versions.kafka}`,
        `-Dkafka.line=${major >= 4 ? 4 : 3}`,
        `-DoutputDirectory=${scratch}`,
      ],
      { timeoutMs: 15 * 60_000 },
    );
    if (
      !readdirSync(scratch).some((file) => file.startsWith(`kafka_2.13-${config.versions.kafka}`))
    ) {
      throw new Error(
        `Maven finished but ${scratch} holds no kafka_2.13-${config.versions.kafka} jar`,
      );
    }
    writeFileSync(join(scratch, '.complete'), `${config.versions.kafka}\n`);
    rmSync(libs, { recursive: true, force: true });
    mkdirSync(join(libs, '..'), { recursive: true });
    renameSync(scratch, libs);
  },

  async start({ config, credentials, log }) {
    const { root, data, logDir, properties, consoleLog } = paths(config);
    mkdirSync(logDir, { recursive: true });
    writeFileSync(properties, kafkaServerProperties(config, data));
    const java = requireJava();
    const classpath = `${kafkaLibsDir(config)}/*`;
    const jvmArgs = [
      '-Xms256m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
    ];
    const logArgs = [`-Dkafka.logs.dir=${logDir}`, ...loggingArgs(config)];

    if (!existsSync(join(data, 'meta.properties'))) {
      log.info('kafka: formatting the KRaft log folder');
      await runChecked(
        java,
        [
          ...logArgs,
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '--ignore-formatted',
          '-t',
          credentials.kafka.clusterId,
          '-c',
          properties,
        ],
        { cwd: root, timeoutMs: 60_000 },
      );
    }
    const pid = spawnDetached(
      java,
      [...jvmArgs, ...logArgs, '-cp', classpath, 'kafka.Kafka', properties],
      {
        cwd: root,
        logFile: consoleLog,
      },
    );
    return { pid, ports: this.ports(config) };
  },

  async health(env) {
    // Loaded lazily: most stack commands never talk to Kafka.
    const { Kafka, logLevel } = await import('kafkajs');
    const kafka = new Kafka({
      clientId: 'tickline-stack-health',
      brokers: env.KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
      connectionTimeout: 2_000,
      requestTimeout: 5_000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.controller === null || cluster.controller < 0)
        throw new Error('no active controller yet');
      return `${cluster.brokers.length} broker${cluster.brokers.length === 1 ? '' : 's'}, controller ${cluster.controller}`;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  },

  async stop(pid) {
    // A clean KRaft shutdown takes a few seconds; after that, don't wait politely.
    await stopProcess(pid, 30_000);
  },

  isOwnProcess(argv, config) {
    return argv.includes('kafka.Kafka') && argv.includes(paths(config).properties);
  },

  logFiles(config) {
    const { logDir, consoleLog } = paths(config);
    return [join(logDir, 'server.log'), consoleLog];
  },
};
