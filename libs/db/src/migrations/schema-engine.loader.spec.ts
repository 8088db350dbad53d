import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { evaluateGlue, loadSchemaEngine } from './schema-engine.loader';

describe('evaluateGlue', () => {
  it('returns the exported functions and classes of a self-contained module', () => {
    const glue = evaluateGlue(
      'let x = 1;\nexport function inc() { return ++x; }\nexport class Box { value = 7; }\n',
    );

    expect((glue['inc'] as () => number)()).toBe(2);
    expect(new (glue['Box'] as new () => { value: number })().value).toBe(7);
  });

  it('refuses a module that imports others', () => {
    expect(() =>
      evaluateGlue("import x from './y.js';\nexport function f() { return x; }\n"),
    ).toThrow(/expected shape/);
  });
});

describe('loadSchemaEngine', () => {
  it('instantiates the installed engine, whose build matches the package version', () => {
    const packageDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      version: string;
    };

    const engine = loadSchemaEngine();

    expect(typeof engine.SchemaEngine.new).toBe('function');
    expect(version.endsWith(`.${engine.version()}`)).toBe(true);
    expect(loadSchemaEngine()).toBe(engine);
  });
});
