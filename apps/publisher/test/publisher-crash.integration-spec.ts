// Crash tests: the publisher (a child process) is killed with SIGKILL after each step of a run
// in turn, and after some steps acted but before their outcome was recorded; a restarted
// publisher must finish the run with exactly one revision for the day, exactly two assets,
// one import job and one change set: no orphans, no duplicates.
import { ListJobsCommand } from '@aws-sdk/client-dataexchange';
import { productCsvKey, productManifestKey } from '@tickline/publishing';
import { freePort } from '@tickline/testing';

import { dayTrades, range, writeLakeMinutes } from './support/lake-day.fixture';
import {
  assetsOf,
  createTestbed,
  eventually,
  findDataSet,
  ownedDataSet,
  PublisherProcess,
  revisionsOf,
  type Testbed,
} from './support/publisher-testbed';

jest.setTimeout(900_000);

type Hook = 'PUBLISHER_CRASH_AFTER_STEP' | 'PUBLISHER_CRASH_BEFORE_RECORDING';

const CASES: { hook: Hook; step: string; resumesAt: string }[] = [
  { hook: 'PUBLISHER_CRASH_AFTER_STEP', step: 'BUILD_FILES', resumesAt: 'CREATE_REVISION' },
  { hook: 'PUBLISHER_CRASH_AFTER_STEP', step: 'CREATE_REVISION', resumesAt: 'CREATE_IMPORT_JOB' },
  { hook: 'PUBLISHER_CRASH_AFTER_STEP', step: 'CREATE_IMPORT_JOB', resumesAt: 'START_IMPORT_JOB' },
  // The import job runs in the exchange while the publisher is dead.
  { hook: 'PUBLISHER_CRASH_AFTER_STEP', step: 'START_IMPORT_JOB', resumesAt: 'AWAIT_IMPORT_JOB' },
  { hook: 'PUBLISHER_CRASH_AFTER_STEP', step: 'AWAIT_IMPORT_JOB', resumesAt: 'FINALIZE_REVISION' },
  { hook: 'PUBLISHER_CRASH_AFTER_STEP', step: 'FINALIZE_REVISION', resumesAt: 'START_CHANGE_SETS' },
  // The change set is being applied while the publisher is dead.
  { hook: 'PUBLISHER_CRASH_AFTER_STEP', step: 'START_CHANGE_SETS', resumesAt: 'AWAIT_CHANGE_SETS' },
  { hook: 'PUBLISHER_CRASH_AFTER_STEP', step: 'AWAIT_CHANGE_SETS', resumesAt: 'DONE' },
  // The exchange acted, the database does not know: the resume must find what was done.
  {
    hook: 'PUBLISHER_CRASH_BEFORE_RECORDING',
    step: 'CREATE_REVISION',
    resumesAt: 'CREATE_REVISION',
  },
  {
    hook: 'PUBLISHER_CRASH_BEFORE_RECORDING',
    step: 'CREATE_IMPORT_JOB',
    resumesAt: 'CREATE_IMPORT_JOB',
  },
  {
    hook: 'PUBLISHER_CRASH_BEFORE_RECORDING',
    step: 'START_CHANGE_SETS',
    resumesAt: 'START_CHANGE_SETS',
  },
];

/** One day per case: 2026-11-01, 2026-11-02, ... */
const dayOf = (index: number) => `2026-11-${String(index + 1).padStart(2, '0')}`;

interface RunView {
  id: string;
  status: string;
  step: string;
  error: string | null;
  revisionId: string | null;
  changeSets: { status: string }[];
}

describe('publisher crash and resume (SIGKILL after each step)', () => {
  let testbed: Testbed;
  let dataSet: string;

  beforeAll(async () => {
    testbed = await createTestbed(['crash']);
    dataSet = testbed.dataSets[0] as string;
    for (const [index] of CASES.entries()) {
      const day = dayOf(index);
      await writeLakeMinutes(
        testbed.s3,
        testbed.lakeBucket,
        day,
        'primary',
        dayTrades(day, 'primary', 3),
        range(0, 3),
      );
      await writeLakeMinutes(
        testbed.s3,
        testbed.lakeBucket,
        day,
        'replica',
        dayTrades(day, 'replica', 3),
        range(1, 3),
      );
    }
  });

  afterAll(async () => {
    await testbed?.close();
  });

  it.each(CASES.map((c, index) => [`${c.hook}=${c.step}`, c, index] as const))(
    '%s: a restart finishes the run with one revision, two assets, one import job and one change set',
    async (_name, { hook, step, resumesAt }, index) => {
      const day = dayOf(index);
      const crashing = await PublisherProcess.start(
        testbed.env({ [hook]: step }),
        await freePort(),
      );
      const created = await crashing.request<{ runs: { id: string }[] }>('POST', '/runs', {
        from: day,
        dataSets: [dataSet],
      });
      expect(created.status).toBe(202);
      const runId = created.body.runs[0]?.id as string;
      const exit = await crashing.exited;
      expect(exit.signal).toBe('SIGKILL');

      const stored = await testbed.prisma.publishRun.findUniqueOrThrow({ where: { id: runId } });
      expect({ status: stored.status, step: stored.step }).toEqual({
        status: 'RUNNING',
        step: resumesAt,
      });

      const restarted = await PublisherProcess.start(testbed.env(), await freePort());
      try {
        const run = await eventually(
          `run ${runId} to finish after the restart`,
          async () => {
            const { body } = await restarted.request<RunView>('GET', `/runs/${runId}`);
            return body.status === 'SUCCEEDED' || body.status === 'FAILED' ? body : undefined;
          },
          120_000,
        );
        expect({ status: run.status, error: run.error }).toEqual({
          status: 'SUCCEEDED',
          error: null,
        });
        expect(run.changeSets.map((c) => c.status)).toEqual(['SUCCEEDED']);
      } finally {
        await restarted.stop();
      }

      const owned = await ownedDataSet(testbed.provider, dataSet);
      const ofDay = (await revisionsOf(testbed.provider, owned.Id as string)).filter((r) =>
        r.Comment?.includes(day),
      );
      expect(ofDay.map((r) => r.Finalized)).toEqual([true]);
      const revisionId = ofDay[0]?.Id as string;
      const parts = { dataSet, venue: 'coinbase', type: 'trade', day } as const;
      const assets = await assetsOf(testbed.provider, owned.Id as string, revisionId);
      expect(assets.map((a) => a.Name).sort()).toEqual(
        [productCsvKey(parts), productManifestKey(parts)].sort(),
      );
      const jobs = await testbed.provider.send(
        new ListJobsCommand({ DataSetId: owned.Id, RevisionId: revisionId }),
      );
      expect(jobs.Jobs?.map((j) => [j.Type, j.State])).toEqual([
        ['IMPORT_ASSETS_FROM_S3', 'COMPLETED'],
      ]);
      expect(
        await testbed.prisma.publishRun.count({
          where: { dataSet: { name: dataSet }, day: new Date(`${day}T00:00:00Z`) },
        }),
      ).toBe(1);
      expect(await testbed.prisma.revision.count({ where: { publishRunId: runId } })).toBe(1);
      expect(
        await testbed.prisma.changeSet.count({ where: { revision: { publishRunId: runId } } }),
      ).toBe(1);
    },
  );

  it('leaves the subscriber exactly one published revision per day', async () => {
    const entitled = await findDataSet(testbed.subscriber, dataSet, 'ENTITLED');
    const received = await revisionsOf(testbed.subscriber, entitled.Id as string);
    expect(received).toHaveLength(CASES.length);
    const owned = await ownedDataSet(testbed.provider, dataSet);
    expect(await revisionsOf(testbed.provider, owned.Id as string)).toHaveLength(CASES.length);
  });
});
