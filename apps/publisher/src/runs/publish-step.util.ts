// The run's state machine. A run's `step` is the next step to execute; a step's outcome is
// recorded before `step` moves on, so a restarted publisher resumes exactly there.

export const PUBLISH_STEPS = [
  'BUILD_FILES',
  'CREATE_REVISION',
  'CREATE_IMPORT_JOB',
  'START_IMPORT_JOB',
  'AWAIT_IMPORT_JOB',
  'FINALIZE_REVISION',
  'START_CHANGE_SETS',
  'AWAIT_CHANGE_SETS',
  'DONE',
] as const;
export type PublishStepName = (typeof PUBLISH_STEPS)[number];

/** The step after `step`; DONE is terminal. */
export function nextStep(step: PublishStepName): PublishStepName {
  const index = PUBLISH_STEPS.indexOf(step);
  if (index < 0) throw new Error(`Unknown publish step ${String(step)}`);
  return PUBLISH_STEPS[Math.min(index + 1, PUBLISH_STEPS.length - 1)] as PublishStepName;
}

/**
 * Where a failed run resumes when it is retried. An import job that ended in ERROR imported
 * nothing (imports are all or none), so the retry creates a new job; a failed change set is
 * started anew; every other step is retried where it failed.
 */
export function retryStep(failedAt: PublishStepName): PublishStepName {
  if (failedAt === 'AWAIT_IMPORT_JOB') return 'CREATE_IMPORT_JOB';
  if (failedAt === 'AWAIT_CHANGE_SETS') return 'START_CHANGE_SETS';
  return failedAt;
}
