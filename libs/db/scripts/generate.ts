import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';

import { parseCliOptions, runMain } from './lib/cli-options.util';

const USAGE = `Generates the Prisma client, offline.

Usage: npm run db:generate [-- --schema <schema.prisma>]

  --schema <path>   Prisma schema (default: libs/db/prisma/schema.prisma)

\`prisma generate\` does not run the schema engine, but insists on finding one and would try to
download it. Unless PRISMA_SCHEMA_ENGINE_BINARY names an installed engine, it is pointed at an
executable that is never run (this Node binary).`;

runMain(async () => {
  const options = parseCliOptions(process.argv.slice(2), USAGE);
  const engine = process.env['PRISMA_SCHEMA_ENGINE_BINARY'];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: engine && existsSync(engine) ? engine : process.execPath,
    // No update check or telemetry request: the machine may have no network at all.
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  const cli = require.resolve('prisma/build/index.js');
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', options.schemaPath], {
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(
      `prisma generate failed for ${relative(process.cwd(), options.schemaPath)} (exit ${result.status ?? result.signal}).`,
    );
  }
});
