import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { StackComponent } from '../component.interface';
import { findOnPath, runChecked, spawnDetached, stopProcess } from '../process.util';
import { DEFAULT_BUCKET, type StackConfig } from '../stack-config.util';

const MINIO_MODULE = 'github.com/minio/minio';
const DEFAULT_REGION = 'us-east-1';

function paths(config: StackConfig) {
  const root = join(config.stackDir, 'minio');
  return { root, data: join(root, 'data'), logFile: join(root, 'minio.log') };
}

export function minioBinary(config: StackConfig): string {
  return join(config.cacheDir, 'minio', config.versions.minio, 'minio');
}

export function s3Env(
  endpoint: string,
  accessKeyId: string,
  secretAccessKey: string,
  region: string,
  bucket: string,
) {
  return {
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: accessKeyId,
    S3_SECRET_ACCESS_KEY: secretAccessKey,
    S3_REGION: region,
    S3_BUCKET: bucket,
    // MinIO (like most S3-compatible servers on a plain host:port) needs path-style URLs.
    S3_FORCE_PATH_STYLE: 'true',
  };
}

async function s3Client(env: Record<string, string>) {
  // Loaded lazily: the SDK is slow to import and most stack commands never need it.
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION || DEFAULT_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE !== 'false',
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
  });
}

export const minioComponent: StackComponent = {
  name: 'minio',
  dependsOn: [],
  startTimeoutMs: 60_000,

  version(config) {
    return config.versions.minio;
  },

  ports(config) {
    return { minio: config.ports.minio, minioConsole: config.ports.minioConsole };
  },

  externalEnv(processEnv, own) {
    const endpoint = processEnv.S3_ENDPOINT?.trim();
    if (!endpoint || endpoint === own?.S3_ENDPOINT) return undefined;
    const accessKeyId = processEnv.S3_ACCESS_KEY_ID?.trim();
    const secretAccessKey = processEnv.S3_SECRET_ACCESS_KEY?.trim();
    if (!accessKeyId || !secretAccessKey) {
      throw new Error(
        'S3_ENDPOINT is set, so S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set too.',
      );
    }
    const env = s3Env(
      endpoint,
      accessKeyId,
      secretAccessKey,
      processEnv.S3_REGION?.trim() || DEFAULT_REGION,
      processEnv.S3_BUCKET?.trim() || DEFAULT_BUCKET,
    );
    if (processEnv.S3_FORCE_PATH_STYLE?.trim())
      env.S3_FORCE_PATH_STYLE = processEnv.S3_FORCE_PATH_STYLE.trim();
    return env;
  },

  ownEnv({ config, credentials }) {
    return s3Env(
      `http://${config.host}:${config.ports.minio}`,
      credentials.s3.accessKeyId,
      credentials.s3.secretAccessKey,
      DEFAULT_REGION,
      config.bucket,
    );
  },

  async install({ config, log }) {
    const binary = minioBinary(config);
    if (existsSync(binary)) return;
    const go =
      findOnPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
    if (!go) {
      throw new Error(
        `MinIO is built from source with Go, but no \`go\` was found. Install Go, or place a minio binary at ${binary}.`,
      );
    }
    const gobin = join(config.cacheDir, 'minio', config.versions.minio);
    mkdirSync(gobin, { recursive: true });
    log.info(
      `minio: building ${MINIO_MODULE}@${config.versions.minio} (first run only, takes a few minutes)`,
    );
    await runChecked(go, ['install', `${MINIO_MODULE}@${config.versions.minio}`], {
      env: { ...process.env, GOBIN: gobin },
      echo: true,
    });
    if (!existsSync(binary)) throw new Error(`go install finished but ${binary} is missing`);
  },

  async start({ config, credentials }) {
    const { root, data, logFile } = paths(config);
    mkdirSync(data, { recursive: true });
    const pid = spawnDetached(
      minioBinary(config),
      [
        'server',
        data,
        '--address',
        `${config.host}:${config.ports.minio}`,
        '--console-address',
        `${config.host}:${config.ports.minioConsole}`,
      ],
      {
        cwd: root,
        logFile,
        env: {
          ...process.env,
          MINIO_ROOT_USER: credentials.s3.accessKeyId,
          MINIO_ROOT_PASSWORD: credentials.s3.secretAccessKey,
          MINIO_REGION: DEFAULT_REGION,
          MINIO_UPDATE: 'off',
          MINIO_BROWSER_REDIRECT: 'off',
        },
      },
    );
    return { pid, ports: this.ports(config) };
  },

  async health(env, { config }) {
    const endpoint = env.S3_ENDPOINT;
    // The liveness endpoint is MinIO's own; a user's S3 service only gets the bucket listing.
    if (endpoint === `http://${config.host}:${config.ports.minio}`) {
      const response = await fetch(`${endpoint}/minio/health/live`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (!response.ok) throw new Error(`/minio/health/live answered ${response.status}`);
    }
    const { ListBucketsCommand } = await import('@aws-sdk/client-s3');
    const client = await s3Client(env);
    try {
      const { Buckets = [] } = await client.send(new ListBucketsCommand({}));
      return `serving S3 (${Buckets.length} bucket${Buckets.length === 1 ? '' : 's'})`;
    } finally {
      client.destroy();
    }
  },

  async prepare(env, { log }) {
    const { CreateBucketCommand, HeadBucketCommand } = await import('@aws-sdk/client-s3');
    const client = await s3Client(env);
    try {
      try {
        await client.send(new HeadBucketCommand({ Bucket: env.S3_BUCKET }));
      } catch {
        log.info(`minio: creating bucket ${env.S3_BUCKET}`);
        await client.send(new CreateBucketCommand({ Bucket: env.S3_BUCKET }));
      }
    } finally {
      client.destroy();
    }
  },

  async stop(pid) {
    await stopProcess(pid, 15_000);
  },

  isOwnProcess(argv, config) {
    return (
      (argv[0] ?? '').endsWith('/minio') &&
      argv[1] === 'server' &&
      argv.includes(paths(config).data)
    );
  },

  logFiles(config) {
    return [paths(config).logFile];
  },
};
