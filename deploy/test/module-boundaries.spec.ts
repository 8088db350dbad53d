// Lints deliberate cross-boundary imports with the workspace's ESLint config, so a change
// that weakens the Nx boundary rules fails here. ESLint runs as a child process because it
// loads its flat config through a dynamic import, which jest's module sandbox refuses.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

jest.setTimeout(60_000);

const repoRoot = resolve(__dirname, '..', '..');

const eslintBin = resolve(repoRoot, 'node_modules', '.bin', 'eslint');

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}

function lintAs(filePath: string, code: string): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = execFile(
      eslintBin,
      ['--format', 'json', '--stdin', '--stdin-filename', filePath],
      { cwd: repoRoot },
      (error, stdout, stderr) => {
        // Exit code 1 means "problems found": the JSON report is still on stdout.
        if (error && error.code !== 1) return fail(new Error(`eslint failed: ${stderr}`));
        const [result] = JSON.parse(stdout) as LintResult[];
        done((result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`));
      },
    );
    child.stdin?.end(code);
  });
}

describe('module boundaries', () => {
  it('rejects a shared library importing a server library', async () => {
    const messages = await lintAs(
      'libs/domain/src/boundary-probe.ts',
      "import { createPrismaClient } from '@tickline/db';\nexport const probe = createPrismaClient;\n",
    );
    expect(messages).toContain(
      '@nx/enforce-module-boundaries: A project tagged with "scope:shared" can only depend on libs tagged with "scope:shared"',
    );
  });

  it('rejects a data-access library importing a util library', async () => {
    const messages = await lintAs(
      'libs/db/src/boundary-probe.ts',
      "import { parseConfig } from '@tickline/service-kit';\nexport const probe = parseConfig;\n",
    );
    expect(messages.join('\n')).toMatch(
      /@nx\/enforce-module-boundaries: A project tagged with "type:data-access" can only depend on libs tagged with/,
    );
  });

  it('lets tooling import a shared library but not a server library', async () => {
    expect(
      await lintAs(
        'deploy/main-job/boundary-probe.ts',
        "import { sumOf } from '@tickline/domain';\nexport const probe = sumOf;\n",
      ),
    ).toEqual([]);
    expect(
      await lintAs(
        'deploy/main-job/boundary-probe.ts',
        "import { parseConfig } from '@tickline/service-kit';\nexport const probe = parseConfig;\n",
      ),
    ).toContain(
      '@nx/enforce-module-boundaries: A project tagged with "scope:tooling" can only depend on libs tagged with "scope:shared"',
    );
  });

  it('rejects deep imports into a library', async () => {
    const messages = await lintAs(
      'apps/kit-example/src/boundary-probe.ts',
      "import { parseEnvelope } from '@tickline/domain/src/envelope/parse-envelope.util';\nexport const probe = parseEnvelope;\n",
    );
    expect(messages.join('\n')).toMatch(/only through its public entry point/);
  });

  it('rejects test support in production code and accepts it in tests', async () => {
    const code =
      "import { uniqueBucket } from '@tickline/testing';\nexport const probe = uniqueBucket;\n";
    expect((await lintAs('libs/lake/src/boundary-probe.ts', code)).join('\n')).toMatch(
      /may only be imported by tests/,
    );
    expect(await lintAs('libs/lake/test/boundary-probe.integration-spec.ts', code)).toEqual([]);
  });

  it('accepts an app importing libraries through their entry points', async () => {
    const messages = await lintAs(
      'apps/kit-example/src/boundary-probe.ts',
      "import { parseEnvelope } from '@tickline/domain';\nexport const probe = parseEnvelope;\n",
    );
    expect(messages).toEqual([]);
  });
});
