import { readFileSync } from 'node:fs';

import { formatIssuePath } from '@tickline/domain';

import type { AppConfig } from '../app-config.schema';
import { defaultMapping } from './default-mapping.util';
import { type Mapping, MappingError, mappingFileSchema, resolveMapping } from './mapping.schema';

/** Reads PUBLISHER_MAPPING_FILE (or takes the embedded default), validates and resolves it. */
export function loadMapping(
  config: AppConfig,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Mapping {
  const defaultSchedule = `${config.PUBLISHER_SCHEDULE.minute} ${config.PUBLISHER_SCHEDULE.hour} * * *`;
  if (config.PUBLISHER_MAPPING_FILE === undefined) {
    const file = defaultMapping({
      lakeBucket: config.PUBLISHER_LAKE_BUCKET,
      productBucket: config.PUBLISHER_PRODUCT_BUCKET,
      productId: config.EXCHANGE_PRODUCT_ID,
    });
    return resolveMapping(mappingFileSchema.parse(file), defaultSchedule);
  }
  return parseMappingText(
    read(config.PUBLISHER_MAPPING_FILE),
    defaultSchedule,
    config.PUBLISHER_MAPPING_FILE,
  );
}

/** Validates a mapping file's text; every problem is named, with its path in the file. */
export function parseMappingText(
  text: string,
  defaultSchedule: string,
  source = 'mapping',
): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingError([`${source} is not JSON: ${(error as Error).message}`]);
  }
  const parsed = mappingFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new MappingError(
      parsed.error.issues.map(
        (issue) => `${formatIssuePath(issue.path) || '(root)'}: ${issue.message}`,
      ),
    );
  }
  return resolveMapping(parsed.data, defaultSchedule);
}
