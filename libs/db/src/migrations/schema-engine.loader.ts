import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/** The part of the wasm-bindgen glue module that the migration tooling uses. */
export interface SchemaEngineModule {
  SchemaEngine: typeof SchemaEngine;
  /** The engine's version (the prisma-engines commit it was built from). */
  version: () => string;
}

const GLUE_SUBPATH = '@prisma/schema-engine-wasm/schema_engine_bg';
const WASM_FILE = 'schema_engine_bg.wasm';
const EXPORT_DECLARATION = /^export (function|class) ([A-Za-z_$][\w$]*)/gm;

/** The part of the WebAssembly JS API used here (Node has it; its types live in TypeScript's DOM lib). */
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; imports(module: object): { module: string }[] };
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
}

const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loaded: SchemaEngineModule | undefined;
let panicMessage: string | undefined;

/**
 * Loads `@prisma/schema-engine-wasm` once per process.
 *
 * The package is an ES module that imports its `.wasm` file directly, which Node 20 cannot do,
 * and jest (CommonJS) cannot `require` ES modules at all. Its glue file, however, is
 * self-contained (no imports, only `export function`/`export class` declarations), so it is
 * evaluated here as a function body in the caller's realm, and the WebAssembly module is
 * instantiated with it as its import object, exactly what the package's own entry point does
 * through an ESM `.wasm` import.
 */
export function loadSchemaEngine(): SchemaEngineModule {
  loaded ??= instantiate();
  return loaded;
}

/**
 * After a Rust panic the engine answers with an opaque `RuntimeError: unreachable` and its
 * instance is unusable. This returns the panic's message (once) and drops the instance, so the
 * next session starts a fresh one.
 */
export function takePanicMessage(): string | undefined {
  const message = panicMessage;
  if (message !== undefined) {
    panicMessage = undefined;
    loaded = undefined;
  }
  return message;
}

function instantiate(): SchemaEngineModule {
  const gluePath = require.resolve(GLUE_SUBPATH);
  const glue = evaluateGlue(readFileSync(gluePath, 'utf8'));
  const wasmModule = new wasmApi.Module(readFileSync(join(dirname(gluePath), WASM_FILE)));
  const imports: Record<string, Record<string, unknown>> = {};
  for (const { module } of wasmApi.Module.imports(wasmModule)) {
    imports[module] = glue;
  }
  const instance = new wasmApi.Instance(wasmModule, imports);
  (glue['__wbg_set_wasm'] as (exports: Record<string, unknown>) => void)(instance.exports);
  (instance.exports['__wbindgen_start'] as () => void)();
  if (typeof glue['SchemaEngine'] !== 'function' || typeof glue['version'] !== 'function') {
    throw new Error(
      `${GLUE_SUBPATH} does not export SchemaEngine and version(); is the package version supported?`,
    );
  }
  return glue as unknown as SchemaEngineModule;
}

/** Turns the ES module source into a function body that returns its exports. */
export function evaluateGlue(source: string): Record<string, unknown> {
  const names = [...source.matchAll(EXPORT_DECLARATION)].map((match) => match[2] as string);
  if (names.length === 0 || /^\s*import\s/m.test(source)) {
    throw new Error(
      `${GLUE_SUBPATH} no longer has the expected shape (self-contained export declarations).`,
    );
  }
  const body = `${source.replace(/^export (?=function|class)/gm, '')}\nreturn { ${names.join(', ')} };`;
  const factory = new Function('module', 'setTimeout', 'global', `'use strict';\n${body}`) as (
    module: { require: NodeJS.Require },
    setTimer: typeof unrefTimeout,
    global: typeof globalThis,
  ) => Record<string, unknown>;
  // The glue reports panics to `global.PRISMA_WASM_PANIC_REGISTRY`, which Prisma Client also
  // claims (and makes throw); give the engine a private one on top of the real global object.
  const registry = { set_message: (message: string) => void (panicMessage = message) };
  const engineGlobal = Object.create(globalThis, {
    PRISMA_WASM_PANIC_REGISTRY: { value: registry },
  }) as typeof globalThis;
  // The glue looks up `module.require` to reach Node's crypto; hand it ours.
  return factory({ require }, unrefTimeout, engineGlobal);
}

/**
 * The engine arms 10 s timers (lock and connection timeouts) that outlive `free()`; they must
 * not keep a finished CLI process alive. Pending work keeps its sockets, so nothing is lost.
 */
function unrefTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(callback, ms).unref();
}
