import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine, SchemaFilter, SchemasContainer } from '@prisma/schema-engine-wasm';

import { createSchemaEngineAdapterFactory } from './schema-engine-adapter.factory';
import { loadSchemaEngine, takePanicMessage } from './schema-engine.loader';

/** Tables and enums the engine must leave alone: none, everything in the schema is Prisma's. */
export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface SchemaEngineSessionOptions {
  databaseUrl: string;
  /** The Prisma schema the engine is constructed with (its datasource provider matters). */
  schemaPath: string;
  /** Receives the engine's own log lines (JSON), e.g. for a --verbose flag. */
  onLog?: (line: string) => void;
}

/** A Prisma schema file as the engine takes it. */
export async function readSchemaFiles(schemaPath: string): Promise<SchemasContainer> {
  const path = resolve(schemaPath);
  return { files: [{ path, content: await readFile(path, 'utf8') }] };
}

/**
 * Runs `work` with a WebAssembly schema engine connected through the pg driver adapter, then
 * frees the engine. This is the offline replacement for the native `schema-engine` binary that
 * `prisma migrate` would download; it speaks the same JSON-RPC methods (applyMigrations,
 * createMigration, diff, ...) as a JavaScript API.
 */
export async function withSchemaEngine<T>(
  options: SchemaEngineSessionOptions,
  work: (engine: SchemaEngine, schema: SchemasContainer) => Promise<T>,
): Promise<T> {
  const { SchemaEngine: Engine } = loadSchemaEngine();
  const schema = await readSchemaFiles(options.schemaPath);
  const adapters = createSchemaEngineAdapterFactory(options.databaseUrl);
  try {
    const engine = await Engine.new(
      { datamodels: schema.files.map((file) => [file.path, file.content]) },
      (line: string) => options.onLog?.(line),
      bindMigrationAwareSqlAdapterFactory(adapters),
    ).catch((error: unknown) => {
      throw asEngineError(error);
    });
    try {
      return await work(engine, schema).catch((error: unknown) => {
        throw asEngineError(error);
      });
    } finally {
      engine.free();
    }
  } finally {
    await adapters.disposeAll();
  }
}

/** Engine failures arrive as plain objects or JSON text; make them Errors with a readable message. */
export function asEngineError(error: unknown): Error {
  const panic = takePanicMessage();
  if (panic !== undefined) {
    return new Error(`The schema engine panicked: ${panic}`, { cause: error });
  }
  if (error instanceof Error) {
    return error;
  }
  return new Error(typeof error === 'string' ? error : JSON.stringify(error));
}
