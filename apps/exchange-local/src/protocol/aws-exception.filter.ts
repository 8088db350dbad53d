import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

import { apiForPath } from './aws-api.util';
import { toAwsErrorResponse } from './aws-error.mapping';
import { requestIdOf } from './request-id.middleware';

/** Answers every error in the AWS envelope; nothing leaves the service as a stack trace. */
@Catch()
export class AwsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AwsExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const path = request.originalUrl.split('?', 1)[0] ?? '/';
    const answer = toAwsErrorResponse(exception, {
      api: apiForPath(path),
      method: request.method,
      path,
      requestId: requestIdOf(request, response),
    });
    if (answer.unexpected) {
      this.logger.error(
        `Request ${request.method} ${path} failed unexpectedly: ${String(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(answer.status).set(answer.headers).json(answer.body);
  }
}
