import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { signedFetch } from '../../test/support/signed-fetch.util';
import { PROVIDER, testConfig } from '../../test/support/test-accounts.fixture';
import { AssetsController } from '../assets/assets.controller';
import { AssetsService } from '../assets/assets.service';
import { AuthModule } from '../auth/auth.module';
import { CatalogEntitiesService } from '../catalog/catalog-entities.service';
import { CatalogController } from '../catalog/catalog.controller';
import { ChangeSetsService } from '../catalog/change-sets.service';
import { ExchangeConfigModule } from '../config/exchange-config.module';
import { DataSetsController } from '../data-sets/data-sets.controller';
import { DataSetsService } from '../data-sets/data-sets.service';
import { EventActionsController } from '../event-actions/event-actions.controller';
import { EventActionsService } from '../event-actions/event-actions.service';
import { JobsController } from '../jobs/jobs.controller';
import { JobsService } from '../jobs/jobs.service';
import { ProtocolModule } from '../protocol/protocol.module';
import { RevisionsController } from '../revisions/revisions.controller';
import { RevisionsService } from '../revisions/revisions.service';
import { TagsController } from '../tags/tags.controller';
import { TagsService } from '../tags/tags.service';

import { configureExchangeApp, createExpressAdapter } from './exchange-app.util';

/** Records calls; any method answers `{}`. Lifecycle hooks and `then` stay undefined. */
function recordingService(
  calls: { service: string; method: string; args: unknown[] }[],
  service: string,
) {
  const notMethods = new Set([
    'then',
    'onModuleInit',
    'onModuleDestroy',
    'onApplicationBootstrap',
    'onApplicationShutdown',
    'beforeApplicationShutdown',
  ]);
  return new Proxy(
    {},
    {
      get: (_target, property) =>
        typeof property !== 'string' || notMethods.has(property)
          ? undefined
          : (...args: unknown[]) => {
              calls.push({ service, method: property, args });
              return Promise.resolve({});
            },
    },
  );
}

const ARN =
  'arn:aws:dataexchange:us-east-1:111111111111:data-sets/0123456789abcdef0123456789abcdef';
const ENCODED_ARN = encodeURIComponent(ARN);
const REV = '/v1/data-sets/DS1/revisions/R1';

interface Route {
  operation: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  call: [service: string, method: string, ...labels: unknown[]];
}

/** Every operation of the reference with its method, URI and success status. */
const ROUTES: Route[] = [
  {
    operation: 'CreateDataSet',
    method: 'POST',
    path: '/v1/data-sets',
    body: { AssetType: 'S3_SNAPSHOT', Description: 'd', Name: 'n' },
    status: 201,
    call: ['DataSets', 'create'],
  },
  {
    operation: 'ListDataSets',
    method: 'GET',
    path: '/v1/data-sets?origin=OWNED&maxResults=5',
    status: 200,
    call: ['DataSets', 'list', { origin: 'OWNED', maxResults: 5 }],
  },
  {
    operation: 'GetDataSet',
    method: 'GET',
    path: '/v1/data-sets/DS1',
    status: 200,
    call: ['DataSets', 'get', 'DS1'],
  },
  {
    operation: 'UpdateDataSet',
    method: 'PATCH',
    path: '/v1/data-sets/DS1',
    body: { Name: 'm' },
    status: 200,
    call: ['DataSets', 'update', 'DS1', { Name: 'm' }],
  },
  {
    operation: 'DeleteDataSet',
    method: 'DELETE',
    path: '/v1/data-sets/DS1',
    status: 204,
    call: ['DataSets', 'delete', 'DS1'],
  },
  {
    operation: 'CreateRevision',
    method: 'POST',
    path: '/v1/data-sets/DS1/revisions',
    body: {},
    status: 201,
    call: ['Revisions', 'create', 'DS1'],
  },
  {
    operation: 'ListDataSetRevisions',
    method: 'GET',
    path: '/v1/data-sets/DS1/revisions',
    status: 200,
    call: ['Revisions', 'list', 'DS1'],
  },
  {
    operation: 'GetRevision',
    method: 'GET',
    path: REV,
    status: 200,
    call: ['Revisions', 'get', 'DS1', 'R1'],
  },
  {
    operation: 'UpdateRevision',
    method: 'PATCH',
    path: REV,
    body: { Finalized: true },
    status: 200,
    call: ['Revisions', 'update', 'DS1', 'R1', { Finalized: true }],
  },
  {
    operation: 'DeleteRevision',
    method: 'DELETE',
    path: REV,
    status: 204,
    call: ['Revisions', 'delete', 'DS1', 'R1'],
  },
  {
    operation: 'RevokeRevision',
    method: 'POST',
    path: `${REV}/revoke`,
    body: { RevocationComment: 'no longer valid' },
    status: 200,
    call: ['Revisions', 'revoke', 'DS1', 'R1'],
  },
  {
    operation: 'ListRevisionAssets',
    method: 'GET',
    path: `${REV}/assets`,
    status: 200,
    call: ['Assets', 'list', 'DS1', 'R1'],
  },
  {
    operation: 'GetAsset',
    method: 'GET',
    path: `${REV}/assets/A1`,
    status: 200,
    call: ['Assets', 'get', { dataSetId: 'DS1', revisionId: 'R1', assetId: 'A1' }],
  },
  {
    operation: 'UpdateAsset',
    method: 'PATCH',
    path: `${REV}/assets/A1`,
    body: { Name: 'x.csv' },
    status: 200,
    call: ['Assets', 'update', { dataSetId: 'DS1', revisionId: 'R1', assetId: 'A1' }],
  },
  {
    operation: 'DeleteAsset',
    method: 'DELETE',
    path: `${REV}/assets/A1`,
    status: 204,
    call: ['Assets', 'delete', { dataSetId: 'DS1', revisionId: 'R1', assetId: 'A1' }],
  },
  {
    operation: 'CreateJob',
    method: 'POST',
    path: '/v1/jobs',
    body: {
      Type: 'EXPORT_ASSET_TO_SIGNED_URL',
      Details: { ExportAssetToSignedUrl: { AssetId: 'A1', DataSetId: 'DS1', RevisionId: 'R1' } },
    },
    status: 201,
    call: ['Jobs', 'create'],
  },
  {
    operation: 'ListJobs',
    method: 'GET',
    path: '/v1/jobs?dataSetId=DS1&revisionId=R1',
    status: 200,
    call: ['Jobs', 'list', { dataSetId: 'DS1', revisionId: 'R1' }],
  },
  {
    operation: 'GetJob',
    method: 'GET',
    path: '/v1/jobs/J1',
    status: 200,
    call: ['Jobs', 'get', 'J1'],
  },
  {
    operation: 'StartJob',
    method: 'PATCH',
    path: '/v1/jobs/J1',
    status: 202,
    call: ['Jobs', 'start', 'J1'],
  },
  {
    operation: 'CancelJob',
    method: 'DELETE',
    path: '/v1/jobs/J1',
    status: 204,
    call: ['Jobs', 'cancel', 'J1'],
  },
  {
    operation: 'CreateEventAction',
    method: 'POST',
    path: '/v1/event-actions',
    body: {
      Event: { RevisionPublished: { DataSetId: 'DS1' } },
      Action: { ExportRevisionToS3: { RevisionDestination: { Bucket: 'b' } } },
    },
    status: 201,
    call: ['EventActions', 'create'],
  },
  {
    operation: 'ListEventActions',
    method: 'GET',
    path: '/v1/event-actions?eventSourceId=DS1',
    status: 200,
    call: ['EventActions', 'list', { eventSourceId: 'DS1' }],
  },
  {
    operation: 'GetEventAction',
    method: 'GET',
    path: '/v1/event-actions/E1',
    status: 200,
    call: ['EventActions', 'get', 'E1'],
  },
  {
    operation: 'UpdateEventAction',
    method: 'PATCH',
    path: '/v1/event-actions/E1',
    body: {},
    status: 200,
    call: ['EventActions', 'update', 'E1'],
  },
  {
    operation: 'DeleteEventAction',
    method: 'DELETE',
    path: '/v1/event-actions/E1',
    status: 204,
    call: ['EventActions', 'delete', 'E1'],
  },
  {
    operation: 'ListTagsForResource',
    method: 'GET',
    path: `/tags/${ENCODED_ARN}`,
    status: 200,
    call: ['Tags', 'listTagsForResource', ARN],
  },
  {
    operation: 'TagResource',
    method: 'POST',
    path: `/tags/${ENCODED_ARN}`,
    body: { tags: { team: 'data' } },
    status: 204,
    call: ['Tags', 'tagResource', ARN, { team: 'data' }],
  },
  {
    operation: 'UntagResource',
    method: 'DELETE',
    path: `/tags/${ENCODED_ARN}?tagKeys=a&tagKeys=b`,
    status: 204,
    call: ['Tags', 'untagResource', ARN, ['a', 'b']],
  },
  {
    operation: 'DescribeEntity',
    method: 'GET',
    path: '/DescribeEntity?catalog=AWSMarketplace&entityId=prod-abc',
    status: 200,
    call: ['Entities', 'describeEntity', { catalog: 'AWSMarketplace', entityId: 'prod-abc' }],
  },
  {
    operation: 'ListEntities',
    method: 'POST',
    path: '/ListEntities',
    body: { Catalog: 'AWSMarketplace', EntityType: 'DataProduct' },
    status: 200,
    call: ['Entities', 'listEntities'],
  },
  {
    operation: 'StartChangeSet',
    method: 'POST',
    path: '/StartChangeSet',
    body: {
      Catalog: 'AWSMarketplace',
      ChangeSet: [
        {
          ChangeType: 'AddDataSets',
          Entity: { Type: 'DataProduct@1.0', Identifier: 'prod-abc@1' },
          Details: '{}',
        },
      ],
    },
    status: 200,
    call: ['ChangeSets', 'start'],
  },
  {
    operation: 'DescribeChangeSet',
    method: 'GET',
    path: '/DescribeChangeSet?catalog=AWSMarketplace&changeSetId=cs-1',
    status: 200,
    call: ['ChangeSets', 'describe', { catalog: 'AWSMarketplace', changeSetId: 'cs-1' }],
  },
  {
    operation: 'ListChangeSets',
    method: 'POST',
    path: '/ListChangeSets',
    body: { Catalog: 'AWSMarketplace' },
    status: 200,
    call: ['ChangeSets', 'list'],
  },
  {
    operation: 'CancelChangeSet',
    method: 'PATCH',
    path: '/CancelChangeSet?catalog=AWSMarketplace&changeSetId=cs-1',
    status: 200,
    call: ['ChangeSets', 'cancel', { catalog: 'AWSMarketplace', changeSetId: 'cs-1' }],
  },
];

describe('restJson1 routing of every operation', () => {
  const calls: { service: string; method: string; args: unknown[] }[] = [];
  let app: INestApplication;
  let endpoint: string;

  beforeAll(async () => {
    const config = testConfig();
    const services = {
      Assets: AssetsService,
      ChangeSets: ChangeSetsService,
      DataSets: DataSetsService,
      Entities: CatalogEntitiesService,
      EventActions: EventActionsService,
      Jobs: JobsService,
      Revisions: RevisionsService,
      Tags: TagsService,
    };
    const moduleRef = await Test.createTestingModule({
      controllers: [
        AssetsController,
        CatalogController,
        DataSetsController,
        EventActionsController,
        JobsController,
        RevisionsController,
        TagsController,
      ],
      imports: [AuthModule, ExchangeConfigModule.forRoot(config), ProtocolModule],
      providers: Object.entries(services).map(([name, token]) => ({
        provide: token,
        useValue: recordingService(calls, name),
      })),
    }).compile();
    app = moduleRef.createNestApplication(createExpressAdapter(), {
      bodyParser: false,
      logger: false,
    });
    configureExchangeApp(app, config);
    await app.listen(0, '127.0.0.1');
    endpoint = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(ROUTES.map((route) => [route.operation, route] as const))('%s', async (_name, route) => {
    calls.length = 0;
    const response = await signedFetch(endpoint, {
      method: route.method,
      path: route.path,
      ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }),
      service:
        route.path.startsWith('/v1/') || route.path.startsWith('/tags/')
          ? 'dataexchange'
          : 'aws-marketplace',
      credentials: { accessKeyId: PROVIDER.accessKeyId, secretAccessKey: PROVIDER.secretAccessKey },
    });
    expect(response.status).toBe(route.status);
    const text = await response.text();
    expect(route.status === 204 || route.status === 202 ? text : JSON.parse(text)).toEqual(
      route.status === 204 || route.status === 202 ? '' : expect.any(Object),
    );
    const [service, method, ...labels] = route.call;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ service, method });
    // The first argument is always the authenticated caller; labels and inputs follow, decoded.
    expect(calls[0]?.args[0]).toEqual({
      accountId: PROVIDER.accountId,
      accessKeyId: PROVIDER.accessKeyId,
    });
    labels.forEach((label, index) => {
      const actual = calls[0]?.args[index + 1];
      if (typeof label === 'object' && label !== null && !Array.isArray(label))
        expect(actual).toMatchObject(label);
      else expect(actual).toEqual(label);
    });
  });

  it.each(ROUTES.map((route) => [route.operation, route] as const))(
    '%s refuses an unsigned request',
    async (_name, route) => {
      calls.length = 0;
      const response = await fetch(`${endpoint}${route.path}`, {
        method: route.method,
        ...(route.body === undefined
          ? {}
          : { body: JSON.stringify(route.body), headers: { 'content-type': 'application/json' } }),
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
      expect(calls).toHaveLength(0);
    },
  );

  it('answers a known path with the wrong method as an unknown operation', async () => {
    calls.length = 0;
    const response = await signedFetch(endpoint, {
      method: 'PUT',
      path: '/v1/data-sets/DS1',
      body: '{}',
      credentials: { accessKeyId: PROVIDER.accessKeyId, secretAccessKey: PROVIDER.secretAccessKey },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(calls).toHaveLength(0);
  });
});
