import { BadRequestException } from '@nestjs/common';

import { InvalidRequestError } from '../requests/market-request.schema';

/** Runs a request parser, turning its InvalidRequestError into a 400 with the same message. */
export function validated<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new BadRequestException(error.message);
    throw error;
  }
}
