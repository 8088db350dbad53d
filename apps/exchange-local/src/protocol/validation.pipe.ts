import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

import { awsErrors } from './aws-error.exception';
import { formatValidationIssues } from './validation-message.util';

/**
 * Validates one part of a request (body, query or a path label) against its operation's zod
 * schema and answers a ValidationException in the AWS wording when it does not fit.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value, { reportInput: true });
    if (!result.success) throw awsErrors.validation(formatValidationIssues(result.error.issues));
    return result.data;
  }
}

export function validate<S extends z.ZodType>(schema: S): ZodValidationPipe<S> {
  return new ZodValidationPipe(schema);
}
