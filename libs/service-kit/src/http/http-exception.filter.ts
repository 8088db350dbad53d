import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { ZodError } from 'zod';

interface JsonResponse {
  headersSent?: boolean;
  status(code: number): JsonResponse;
  json(body: unknown): unknown;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  [key: string]: unknown;
}

/**
 * One JSON error shape for every HTTP failure: HttpExceptions keep their status and body;
 * a ZodError escaping a handler is the client's bad input (400); body-parser errors (malformed
 * JSON, payload too large) keep their 4xx status; anything else is a 500 whose details go to
 * the log, never to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'http') {
      // Microservice and WebSocket contexts keep their own error handling.
      return throwError(() => exception);
    }
    const response = host.switchToHttp().getResponse<JsonResponse>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error
          ? exception
          : { msg: 'Non-error thrown.', thrown: String(exception) },
      );
    }
    if (!response.headersSent) {
      response.status(body.statusCode).json(body);
    }
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null) {
        return {
          statusCode: status,
          error: statusText(status),
          message: exception.message,
          ...payload,
        } as ErrorBody;
      }
      return { statusCode: status, error: statusText(status), message: String(payload) };
    }
    if (exception instanceof ZodError) {
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        error: statusText(HttpStatus.BAD_REQUEST),
        message: 'Validation failed',
        errors: exception.issues,
      };
    }
    const clientError = clientErrorStatus(exception);
    if (clientError !== undefined) {
      return {
        statusCode: clientError,
        error: statusText(clientError),
        message: (exception as Error).message,
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: statusText(HttpStatus.INTERNAL_SERVER_ERROR),
      message: 'Internal server error',
    };
  }
}

/** http-errors style errors (body-parser) that are safe to show: `expose` and a 4xx status. */
function clientErrorStatus(exception: unknown): number | undefined {
  const candidate = exception as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
  } | null;
  const status = candidate?.status ?? candidate?.statusCode;
  if (candidate?.expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return status;
  }
  return undefined;
}

function statusText(status: number): string {
  const name = HttpStatus[status];
  if (typeof name !== 'string') {
    return 'Error';
  }
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
