import {
  CreateDataSetCommand,
  DataExchangeClient,
  GetDataSetCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-dataexchange';
import {
  DescribeEntityCommand,
  MarketplaceCatalogClient,
  ValidationException as CatalogValidationException,
} from '@aws-sdk/client-marketplace-catalog';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  type INestApplication,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { z } from 'zod';

import { PROVIDER, testConfig, TEST_REGION } from '../../test/support/test-accounts.fixture';
import { signedFetch } from '../../test/support/signed-fetch.util';
import { AwsApi } from '../auth/aws-api.decorator';
import { AuthModule } from '../auth/auth.module';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { ExchangeConfigModule } from '../config/exchange-config.module';
import { awsErrors } from '../protocol/aws-error.exception';
import { ProtocolModule } from '../protocol/protocol.module';
import { validate } from '../protocol/validation.pipe';

import { configureExchangeApp, createExpressAdapter } from './exchange-app.util';

/** Routes shaped like real operations, to exercise the protocol and auth layers end to end. */
@AwsApi()
@Controller()
class ProbeController {
  @Get('v1/data-sets/:DataSetId')
  getDataSet(@Param('DataSetId') dataSetId: string): never {
    throw awsErrors.resourceNotFound('DATA_SET', dataSetId);
  }

  @Post('v1/data-sets')
  @HttpCode(201)
  createDataSet(
    @Body(
      validate(
        z.object({
          AssetType: z.literal('S3_SNAPSHOT'),
          Description: z.string(),
          Name: z.string().max(256),
        }),
      ),
    )
    body: { Name: string },
    @CurrentCaller() caller: Caller,
  ) {
    return {
      Id: 'a'.repeat(32),
      Name: body.Name,
      Description: caller.accountId,
      CreatedAt: '2024-01-02T03:04:05.678Z',
    };
  }

  @Get('tags/:ResourceArn')
  listTags(@Param('ResourceArn') resourceArn: string, @CurrentCaller() caller: Caller) {
    // The Data Exchange model renames this member: on the wire it is `tags`, not `Tags`.
    return { tags: { arn: resourceArn, account: caller.accountId } };
  }

  @Get('DescribeEntity')
  describeEntity(
    @Query(
      validate(
        z.object({ catalog: z.literal('AWSMarketplace'), entityId: z.string().regex(/^[\w-]+$/) }),
      ),
    )
    _q: unknown,
  ): never {
    throw awsErrors.catalogResourceNotFound('Entity not found.');
  }
}

async function startProbeApp(config: ReturnType<typeof testConfig>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    controllers: [ProbeController],
    imports: [AuthModule, ExchangeConfigModule.forRoot(config), ProtocolModule],
  }).compile();
  const probe = moduleRef.createNestApplication(createExpressAdapter(), {
    bodyParser: false,
    logger: false,
  });
  configureExchangeApp(probe, config);
  await probe.listen(0, '127.0.0.1');
  return probe;
}

describe('exchange-local protocol and authentication, driven by the AWS SDK clients', () => {
  let app: INestApplication;
  let endpoint: string;

  const client = (
    credentials: { accessKeyId: string; secretAccessKey: string } = {
      accessKeyId: PROVIDER.accessKeyId,
      secretAccessKey: PROVIDER.secretAccessKey,
    },
  ) => new DataExchangeClient({ endpoint, region: TEST_REGION, credentials, maxAttempts: 1 });
  const catalog = () =>
    new MarketplaceCatalogClient({
      endpoint,
      region: TEST_REGION,
      credentials: { accessKeyId: PROVIDER.accessKeyId, secretAccessKey: PROVIDER.secretAccessKey },
      maxAttempts: 1,
    });

  beforeAll(async () => {
    app = await startProbeApp(testConfig());
    endpoint = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  it('delivers modelled error members to the SDK exception', async () => {
    const error = await client()
      .send(new GetDataSetCommand({ DataSetId: 'missing0000' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({
      ResourceId: 'missing0000',
      ResourceType: 'DATA_SET',
      message: 'Data set missing0000 not found.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('answers 201 with the body the SDK parses, for the signing account', async () => {
    const output = await client().send(
      new CreateDataSetCommand({ AssetType: 'S3_SNAPSHOT', Description: 'd', Name: 'trades' }),
    );
    expect(output).toMatchObject({
      Name: 'trades',
      Description: PROVIDER.accountId,
      $metadata: { httpStatusCode: 201 },
    });
    expect(output.CreatedAt).toEqual(new Date('2024-01-02T03:04:05.678Z'));
  });

  it('answers invalid input with ValidationException (400)', async () => {
    const error = await client()
      .send(
        new CreateDataSetCommand({
          AssetType: 'S3_SNAPSHOT',
          Description: 'd',
          Name: 'x'.repeat(257),
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('decodes an ARN label only after routing on it', async () => {
    const arn = `arn:aws:dataexchange:${TEST_REGION}:${PROVIDER.accountId}:data-sets/${'b'.repeat(32)}`;
    const output = await client().send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(output.Tags).toEqual({ arn, account: PROVIDER.accountId });
  });

  it('rejects a wrong secret with InvalidSignatureException and an unknown key with UnrecognizedClientException', async () => {
    const wrongSecret = await client({
      accessKeyId: PROVIDER.accessKeyId,
      secretAccessKey: 'wrong',
    })
      .send(new GetDataSetCommand({ DataSetId: 'x' }))
      .catch((e: unknown) => e);
    expect(wrongSecret).toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
    const unknownKey = await client({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' })
      .send(new GetDataSetCommand({ DataSetId: 'x' }))
      .catch((e: unknown) => e);
    expect(unknownKey).toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('uses the Catalog status codes and signing name for Catalog routes', async () => {
    const invalid = await catalog()
      .send(new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: 'bad id!' }))
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(CatalogValidationException);
    expect(invalid).toMatchObject({ $metadata: { httpStatusCode: 422 } });
    const missing = await catalog()
      .send(new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: 'prod-none' }))
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    expect((missing as { RequestId?: string }).RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes and malformed JSON cleanly, without a stack trace', async () => {
    const credentials = {
      accessKeyId: PROVIDER.accessKeyId,
      secretAccessKey: PROVIDER.secretAccessKey,
    };
    const unknown = await signedFetch(endpoint, {
      method: 'GET',
      path: '/v1/nothing-here',
      credentials,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const lowerCase = await signedFetch(endpoint, {
      method: 'GET',
      path: '/describeentity',
      credentials,
    });
    expect(lowerCase.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const malformed = await signedFetch(endpoint, {
      method: 'POST',
      path: '/v1/data-sets',
      body: '{"Name":',
      credentials,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-errortype')).toBe('SerializationException');
    const body = (await malformed.json()) as Record<string, unknown>;
    expect(body).toEqual({ Message: 'The request body is not valid JSON.' });
    expect(malformed.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects an oversized body with 413 before reading it all', async () => {
    const credentials = {
      accessKeyId: PROVIDER.accessKeyId,
      secretAccessKey: PROVIDER.secretAccessKey,
    };
    const big = JSON.stringify({ Name: 'x'.repeat(70 * 1024) });
    const response = await signedFetch(endpoint, {
      method: 'POST',
      path: '/v1/data-sets',
      body: big,
      credentials,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('x-amzn-errortype')).toBe('RequestEntityTooLargeException');
  });

  it('throttles an account beyond EXCHANGE_THROTTLE_RPS with ThrottlingException (429)', async () => {
    const throttled = await startProbeApp(testConfig({ throttleRps: 1 }));
    try {
      const sdk = new DataExchangeClient({
        endpoint: await throttled.getUrl(),
        region: TEST_REGION,
        credentials: {
          accessKeyId: PROVIDER.accessKeyId,
          secretAccessKey: PROVIDER.secretAccessKey,
        },
        maxAttempts: 1,
      });
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const result = await sdk
          .send(
            new ListTagsForResourceCommand({
              ResourceArn: 'arn:aws:dataexchange:us-east-1:111111111111:data-sets/x',
            }),
          )
          .then(() => 'ok')
          .catch(
            (error: { name: string; $metadata?: { httpStatusCode?: number } }) =>
              `${error.name} ${error.$metadata?.httpStatusCode}`,
          );
        outcomes.push(result);
      }
      sdk.destroy();
      expect(outcomes.slice(0, 2)).toEqual(['ok', 'ok']);
      expect(outcomes.slice(2)).toContain('ThrottlingException 429');
    } finally {
      await throttled.close();
    }
  });
});
