// compose.yaml cannot run here (no Docker engine), so check what can go wrong without one: each
// service builds an app that exists, and the services get the same variables as the local stack.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { s3Env } from '../stack/components/minio.component';
import { repoRoot } from './support/helm-tools.util';

interface ComposeService {
  build?: { context: string; dockerfile: string; args?: { APP?: string }; target?: string };
  environment?: Record<string, string>;
  read_only?: boolean;
  cap_drop?: string[];
}

const compose = parse(readFileSync(join(repoRoot, 'deploy', 'docker', 'compose.yaml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };

const apps = Object.entries(compose.services).filter(([, service]) => service.build?.args?.APP);

describe('deploy/docker/compose.yaml', () => {
  it('builds every deployable app from the Dockerfile, and no example app', () => {
    const built = apps.map(([, service]) => service.build?.args?.APP ?? '').sort();
    for (const app of built)
      expect(existsSync(join(repoRoot, 'apps', app, 'project.json'))).toBe(true);
    expect(built).not.toContain('kit-example');
    const deployable = readdirSync(join(repoRoot, 'apps')).filter(
      (name) => existsSync(join(repoRoot, 'apps', name, 'project.json')) && name !== 'kit-example',
    );
    expect(built).toEqual(deployable.sort());
    for (const [, service] of apps) {
      expect(
        existsSync(
          join(
            repoRoot,
            'deploy',
            'docker',
            service.build?.context ?? '',
            service.build?.dockerfile ?? '',
          ),
        ),
      ).toBe(true);
    }
  });

  it('runs services read-only with no capabilities', () => {
    for (const [name, service] of apps) {
      expect({ name, readOnly: service.read_only, drop: service.cap_drop }).toEqual({
        name,
        readOnly: true,
        drop: ['ALL'],
      });
    }
  });

  it('configures Kafka, PostgreSQL and S3 with the variables the local stack prints', () => {
    const stackKeys = ['KAFKA_BROKERS', 'DATABASE_URL', ...Object.keys(s3Env('', '', '', '', ''))];
    const environment = compose.services.validator.environment ?? {};
    for (const key of stackKeys)
      expect({ key, set: key in environment }).toEqual({ key, set: true });
    const minio = compose.services.minio.environment ?? {};
    expect(environment.S3_ACCESS_KEY_ID).toBe(minio.MINIO_ROOT_USER);
    expect(environment.S3_SECRET_ACCESS_KEY).toBe(minio.MINIO_ROOT_PASSWORD);
  });

  it("gives the publisher and exporter the keys of exchange-local's provider and subscriber accounts", () => {
    const exchange = compose.services['exchange-local'].environment ?? {};
    const bootstrapPath = (exchange.EXCHANGE_BOOTSTRAP_FILE ?? '').replace(/^\/app\//, '');
    const bootstrap = JSON.parse(readFileSync(join(repoRoot, bootstrapPath), 'utf8')) as {
      accounts: { name: string; accessKeyId: string; secretAccessKey: { env: string } }[];
      products: { productId: string }[];
    };
    for (const [service, role, account] of [
      ['publisher', 'PROVIDER', 'tickline-provider'],
      ['exporter', 'SUBSCRIBER', 'tickline-subscriber'],
    ] as const) {
      const environment = compose.services[service].environment ?? {};
      const entry = bootstrap.accounts.find((candidate) => candidate.name === account);
      expect(environment[`EXCHANGE_${role}_ACCESS_KEY_ID`]).toBe(entry?.accessKeyId);
      expect(environment[`EXCHANGE_${role}_SECRET_ACCESS_KEY`]).toBe(
        exchange[entry?.secretAccessKey.env ?? ''],
      );
      expect(environment.EXCHANGE_ENDPOINT).toBe('http://exchange-local:19500');
    }
    expect(bootstrap.products.map((product) => product.productId)).toContain(
      compose.services.publisher.environment?.EXCHANGE_PRODUCT_ID,
    );
  });
});
