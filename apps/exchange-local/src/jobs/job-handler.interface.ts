import type { Job, JobType, Prisma } from '../generated/prisma/client';

/** What a job run produced, applied atomically with the job's completion. */
export interface JobExecution {
  /** Database changes that belong to the completion (e.g. the imported assets). */
  readonly finish?: (tx: Prisma.TransactionClient) => Promise<void>;
  /** New ResponseDetails, when the run adds to them (e.g. a signed URL). */
  readonly details?: Record<string, unknown>;
}

/**
 * Runs one job type. Must be safe to re-run from the start after a crash: object keys and ids
 * are derived from the job id, so a second run overwrites instead of duplicating. Throws
 * JobFailure for errors the caller should see in the job's `Errors`.
 */
export interface JobHandler {
  readonly type: JobType;
  run(job: Job): Promise<JobExecution>;
  /** Removes what interrupted runs may have left behind, when the runner gives the job up. */
  abandon?(job: Job): Promise<void>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
