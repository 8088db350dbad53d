import { GetDataSetCommand, ListDataSetsCommand } from '@aws-sdk/client-dataexchange';

import { type Harness, startHarness } from './support/exchange-harness.util';
import { applyChange, createDataSet, revisionWithFiles } from './support/flows.util';
import { PROVIDER } from './support/test-accounts.fixture';

jest.setTimeout(120_000);

const TOKEN = 'admin-token-for-tests-0001';
const NEWCOMER = {
  accountId: '444444444444',
  accessKeyId: 'AKIAADMINMADE0000001',
  secretAccessKey: 'admin-made-secret-0001',
};

describe('admin REST API: accounts, products and subscriptions at runtime', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ adminToken: TOKEN });
  });

  afterAll(async () => {
    await harness?.cleanup();
  });

  const admin = (method: string, path: string, body?: unknown, token = TOKEN) =>
    fetch(`${harness.endpoint}/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('publishes its OpenAPI document and refuses calls without the token', async () => {
    const document = (await (await fetch(`${harness.endpoint}/admin/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual([
      '/admin/accounts',
      '/admin/accounts/{accountId}',
      '/admin/products',
      '/admin/products/{productId}',
      '/admin/products/{productId}/subscriptions/{accountId}',
    ]);
    const denied = await admin('GET', '/accounts', undefined, 'wrong-token-wrong-token');
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });

  it('creates an account that can sign AWS calls, and subscribes it to a product', async () => {
    const created = await admin('PUT', `/accounts/${NEWCOMER.accountId}`, {
      name: 'newcomer',
      accessKeyId: NEWCOMER.accessKeyId,
      secretAccessKey: NEWCOMER.secretAccessKey,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      accountId: NEWCOMER.accountId,
      name: 'newcomer',
      accessKeyId: NEWCOMER.accessKeyId,
      source: 'admin',
    });
    const listed = (await (await admin('GET', '/accounts')).json()) as {
      accounts: { accountId: string; source: string }[];
    };
    expect(listed.accounts.map((account) => [account.accountId, account.source])).toContainEqual([
      PROVIDER.accountId,
      'bootstrap',
    ]);
    expect(JSON.stringify(listed)).not.toContain(NEWCOMER.secretAccessKey);

    const newcomer = harness.dataExchange(NEWCOMER);
    expect((await newcomer.send(new ListDataSetsCommand({}))).DataSets).toEqual([]);

    const product = await admin('PUT', '/products/prod-adminmade01', {
      ownerAccountId: PROVIDER.accountId,
      title: 'Made at runtime',
    });
    expect(product.status).toBe(201);
    const provider = harness.dataExchange();
    const dataSet = await createDataSet(provider, 'Runtime product data');
    await revisionWithFiles(harness, provider, dataSet.id, { 'rt.csv': 'rt' });
    expect(
      (
        await applyChange(harness.catalog(), 'prod-adminmade01', 'AddDataSets', {
          DataSets: [{ Arn: dataSet.arn }],
        })
      ).Status,
    ).toBe('SUCCEEDED');

    expect(
      (await admin('PUT', `/products/prod-adminmade01/subscriptions/${NEWCOMER.accountId}`)).status,
    ).toBe(204);
    const entitled = await newcomer.send(new ListDataSetsCommand({}));
    expect(entitled.DataSets?.map((entry) => [entry.Origin, entry.Name])).toEqual([
      ['ENTITLED', 'Runtime product data'],
    ]);
    const products = (await (await admin('GET', '/products')).json()) as {
      products: { productId: string; subscriberAccountIds: string[]; dataSetIds: string[] }[];
    };
    expect(products.products.find((entry) => entry.productId === 'prod-adminmade01')).toMatchObject(
      {
        subscriberAccountIds: [NEWCOMER.accountId],
        dataSetIds: [dataSet.id],
      },
    );

    expect(
      (await admin('DELETE', `/products/prod-adminmade01/subscriptions/${NEWCOMER.accountId}`))
        .status,
    ).toBe(204);
    expect((await newcomer.send(new ListDataSetsCommand({}))).DataSets).toEqual([]);
    const gone = await newcomer
      .send(new GetDataSetCommand({ DataSetId: entitled.DataSets?.[0]?.Id }))
      .catch((error: { name: string }) => error.name);
    expect(gone).toBe('ResourceNotFoundException');
  });

  it('validates input and protects bootstrap accounts', async () => {
    const badId = await admin('PUT', '/accounts/12', {
      name: 'x',
      accessKeyId: 'AKIAADMINMADE0000002',
      secretAccessKey: 'x'.repeat(16),
    });
    expect(badId.status).toBe(400);
    expect(badId.headers.get('x-amzn-errortype')).toBe('ValidationException');
    const bootstrap = await admin('PUT', `/accounts/${PROVIDER.accountId}`, {
      name: 'hijack',
      accessKeyId: 'AKIAADMINMADE0000003',
      secretAccessKey: 'x'.repeat(16),
    });
    expect(bootstrap.status).toBe(400);
    const orphan = await admin('PUT', '/products/prod-nobody0001', {
      ownerAccountId: '999999999999',
      title: 'x',
    });
    expect(orphan.status).toBe(400);
    const missing = await admin(
      'PUT',
      `/products/prod-missing0001/subscriptions/${NEWCOMER.accountId}`,
    );
    expect(missing.status).toBe(404);
  });
});
