import { DATA_TYPES, dataTypeSchema, marketSchema, venueSchema } from '@tickline/domain';
import { DATA_SET_NAME_PATTERN, PRODUCTS_ROOT } from '@tickline/publishing';
import { z } from 'zod';

import { dailyScheduleSchema } from '../schedule/daily-schedule.util';

const dataSetName = z
  .string()
  .regex(
    DATA_SET_NAME_PATTERN,
    'expected a data set name: 1-63 of a-z 0-9 -, starting with a letter or digit',
  );
const productId = z
  .string()
  .regex(/^prod-[a-z0-9]{1,64}$/, 'expected a product id like prod-ticklinedemo');
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name');

/** The mapping file as written (JSON). */
export const mappingFileSchema = z.strictObject({
  /** Bucket of the raw lake the daily files are merged from. */
  lakeBucket: bucketName,
  /** Daily run time, `minute hour * * *` UTC; default PUBLISHER_SCHEDULE. */
  schedule: z.string().optional(),
  /** Publish on upload: objects under `<bucket>/<prefix><dataSetName>/...` become revisions. */
  incoming: z
    .strictObject({
      bucket: bucketName,
      prefix: z.string().regex(/^([^/]+\/)+$/, 'expected a prefix ending in "/"'),
    })
    .optional(),
  dataSources: z
    .array(
      z.strictObject({
        venue: venueSchema,
        type: dataTypeSchema,
        /** Markets that must appear in the manifest even when no object exists. */
        markets: z.array(marketSchema).optional(),
        dataSets: z.array(dataSetName).min(1),
      }),
    )
    .min(1),
  dataSets: z
    .array(
      z.strictObject({
        name: dataSetName,
        description: z.string().max(16_384).optional(),
        /** Bucket the CSV and manifest are written to (under products/<name>/). */
        bucket: bucketName,
        products: z.array(productId).min(1),
      }),
    )
    .min(1),
});
export type MappingFile = z.infer<typeof mappingFileSchema>;

export interface MappedDataSet {
  readonly name: string;
  readonly description: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly venue: z.infer<typeof venueSchema>;
  readonly type: (typeof DATA_TYPES)[number];
  readonly markets?: readonly string[];
  readonly products: readonly string[];
}

/** The validated, resolved mapping the service works with (and GET /mapping shows). */
export interface Mapping {
  readonly lakeBucket: string;
  readonly schedule: string;
  readonly incoming?: { readonly bucket: string; readonly prefix: string };
  readonly dataSets: readonly MappedDataSet[];
  readonly products: readonly string[];
}

/**
 * Checks the references of a parsed mapping file and resolves it: every data set named by a
 * source exists, every data set is fed by exactly one source (its file is that source's day),
 * names are unique. Returns every problem at once.
 */
export function resolveMapping(file: MappingFile, defaultSchedule: string): Mapping {
  const problems: string[] = [];
  const schedule = file.schedule ?? defaultSchedule;
  const scheduleCheck = dailyScheduleSchema.safeParse(schedule);
  if (!scheduleCheck.success)
    problems.push(`schedule: ${scheduleCheck.error.issues[0]?.message ?? 'invalid'}`);
  const declared = new Map(file.dataSets.map((d) => [d.name, d]));
  if (declared.size !== file.dataSets.length) {
    const seen = new Set<string>();
    for (const d of file.dataSets) {
      if (seen.has(d.name)) problems.push(`dataSets: "${d.name}" is declared twice`);
      seen.add(d.name);
    }
  }
  const sourceOf = new Map<string, MappingFile['dataSources'][number]>();
  file.dataSources.forEach((source, i) => {
    for (const name of source.dataSets) {
      if (!declared.has(name)) {
        problems.push(
          `dataSources[${i}] (${source.venue} ${source.type}): data set "${name}" is not declared in dataSets`,
        );
      } else if (sourceOf.has(name)) {
        problems.push(`data set "${name}" is fed by more than one data source`);
      } else {
        sourceOf.set(name, source);
      }
    }
  });
  for (const d of file.dataSets) {
    if (!sourceOf.has(d.name) && declared.has(d.name)) {
      problems.push(`data set "${d.name}" has no data source`);
    }
  }
  if (problems.length > 0) throw new MappingError(problems);
  const dataSets = file.dataSets.map((d): MappedDataSet => {
    const source = sourceOf.get(d.name) as MappingFile['dataSources'][number];
    return {
      name: d.name,
      description: d.description ?? `${source.venue} ${source.type} events, one file per UTC day`,
      bucket: d.bucket,
      prefix: `${PRODUCTS_ROOT}/${d.name}/`,
      venue: source.venue,
      type: source.type,
      ...(source.markets === undefined ? {} : { markets: source.markets }),
      products: d.products,
    };
  });
  return {
    lakeBucket: file.lakeBucket,
    schedule,
    ...(file.incoming === undefined ? {} : { incoming: file.incoming }),
    dataSets,
    products: [...new Set(dataSets.flatMap((d) => d.products))].sort(),
  };
}

export class MappingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid publisher mapping: ${problems.join('; ')}`);
    this.name = 'MappingError';
  }
}

/** Injection token of the resolved Mapping. */
export const MAPPING = Symbol('MAPPING');
