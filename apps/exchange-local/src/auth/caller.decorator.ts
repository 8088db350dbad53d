import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The authenticated account a request was signed by. */
export interface Caller {
  readonly accountId: string;
  readonly accessKeyId: string;
}

export interface AuthenticatedRequest extends Request {
  caller?: Caller;
}

/** Injects the Caller set by SigV4Guard; a route without a verified caller is a wiring bug. */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller => {
    const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
    if (!caller)
      throw new Error('CurrentCaller used on a route that SigV4Guard did not authenticate.');
    return caller;
  },
);
