import { NotFoundException } from '@nestjs/common';

import { awsErrors } from './aws-error.exception';
import { type AwsErrorContext, toAwsErrorResponse } from './aws-error.mapping';

const adx: AwsErrorContext = {
  api: 'dataexchange',
  method: 'GET',
  path: '/v1/data-sets/x',
  requestId: 'req-1',
};
const catalog: AwsErrorContext = {
  api: 'catalog',
  method: 'GET',
  path: '/DescribeEntity',
  requestId: 'req-2',
};

describe('toAwsErrorResponse', () => {
  it('names the exception in x-amzn-ErrorType and puts modelled members in the body', () => {
    const answer = toAwsErrorResponse(awsErrors.resourceNotFound('DATA_SET', 'abc'), adx);
    expect(answer).toEqual({
      status: 404,
      headers: { 'x-amzn-ErrorType': 'ResourceNotFoundException', 'x-amzn-RequestId': 'req-1' },
      body: { Message: 'Data set abc not found.', ResourceId: 'abc', ResourceType: 'DATA_SET' },
      unexpected: false,
    });
  });

  it('uses each API’s own status for the same exception name', () => {
    const invalid = awsErrors.validation('bad');
    expect(toAwsErrorResponse(invalid, adx).status).toBe(400);
    expect(toAwsErrorResponse(invalid, catalog).status).toBe(422);
    expect(
      toAwsErrorResponse(awsErrors.serviceLimitExceeded('Assets per revision', 10000), adx),
    ).toMatchObject({
      status: 402,
      body: { LimitName: 'Assets per revision', LimitValue: 10000 },
    });
    expect(toAwsErrorResponse(awsErrors.resourceInUse('busy'), catalog).status).toBe(423);
    expect(toAwsErrorResponse(awsErrors.resourceNotSupported('no'), catalog).status).toBe(415);
    expect(toAwsErrorResponse(awsErrors.conflict('final', 'REVISION', 'r1'), adx).status).toBe(409);
  });

  it('spells quota and internal errors the way each API models them', () => {
    const quota = toAwsErrorResponse(
      awsErrors.serviceLimitExceeded('Data sets per account', 3000),
      catalog,
    );
    expect(quota.headers['x-amzn-ErrorType']).toBe('ServiceQuotaExceededException');
    expect(quota.status).toBe(402);
    const internal = toAwsErrorResponse(new Error('boom'), catalog);
    expect(internal).toMatchObject({ status: 500, unexpected: true });
    expect(internal.headers['x-amzn-ErrorType']).toBe('InternalServiceException');
    expect(toAwsErrorResponse(new Error('boom'), adx).headers['x-amzn-ErrorType']).toBe(
      'InternalServerException',
    );
  });

  it('adds RequestId to Catalog error bodies, as the Catalog model has it', () => {
    expect(toAwsErrorResponse(awsErrors.validation('bad'), catalog).body).toEqual({
      Message: 'bad',
      RequestId: 'req-2',
    });
  });

  it('never leaks the message or stack of an unexpected error', () => {
    const answer = toAwsErrorResponse(new Error('password=hunter2 at /srv/app.js:1'), adx);
    expect(JSON.stringify(answer.body)).not.toContain('hunter2');
    expect(answer.body).toEqual({ Message: 'An internal error occurred.' });
  });

  it('answers a request that matched no route with UnknownOperationException', () => {
    const answer = toAwsErrorResponse(new NotFoundException('Cannot GET /nope'), {
      ...adx,
      path: '/nope',
    });
    expect(answer.status).toBe(404);
    expect(answer.headers['x-amzn-ErrorType']).toBe('UnknownOperationException');
    expect(answer.body['Message']).toBe('No operation matches GET /nope.');
  });

  it('treats an exception the API does not model as an internal error', () => {
    const answer = toAwsErrorResponse(awsErrors.conflict('x', 'JOB', 'j'), catalog);
    expect(answer).toMatchObject({ status: 500, unexpected: true });
  });

  it('keeps protocol errors identical across APIs', () => {
    for (const context of [adx, catalog]) {
      expect(toAwsErrorResponse(awsErrors.unrecognizedClient(), context).status).toBe(403);
      expect(toAwsErrorResponse(awsErrors.serialization('x'), context).status).toBe(400);
    }
  });
});
