import { nextStep, PUBLISH_STEPS, retryStep } from './publish-step.util';

describe('publish steps', () => {
  it('walk BUILD_FILES to DONE in order, DONE being terminal', () => {
    const walked = ['BUILD_FILES'];
    let step = nextStep('BUILD_FILES');
    while (step !== 'DONE') {
      walked.push(step);
      step = nextStep(step);
    }
    expect([...walked, 'DONE']).toEqual([...PUBLISH_STEPS]);
    expect(nextStep('DONE')).toBe('DONE');
  });

  it('retry a failed import or change set from its start, every other step in place', () => {
    expect(retryStep('AWAIT_IMPORT_JOB')).toBe('CREATE_IMPORT_JOB');
    expect(retryStep('AWAIT_CHANGE_SETS')).toBe('START_CHANGE_SETS');
    for (const step of [
      'BUILD_FILES',
      'CREATE_REVISION',
      'START_IMPORT_JOB',
      'FINALIZE_REVISION',
    ] as const) {
      expect(retryStep(step)).toBe(step);
    }
  });
});
