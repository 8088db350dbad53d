import type { JobError } from './jobs.schemas';

/** Ends a job in ERROR with the given modelled errors (an answer, not a bug). */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';

  constructor(readonly errors: JobError[]) {
    super(errors.map((error) => error.Message).join('; '));
  }
}
