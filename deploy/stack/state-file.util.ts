import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { z } from 'zod';

const componentStateSchema = z.object({
  pid: z.number().int().positive(),
  ports: z.record(z.string(), z.number().int()),
  startedAt: z.string(),
  version: z.string().optional(),
});

const stackStateSchema = z.object({
  version: z.literal(1),
  components: z.record(z.string(), componentStateSchema),
});

export type ComponentState = z.infer<typeof componentStateSchema>;
export type StackState = z.infer<typeof stackStateSchema>;

export const STATE_FILE_NAME = 'state.json';

export function emptyState(): StackState {
  return { version: 1, components: {} };
}

export function stateFilePath(stackDir: string): string {
  return join(stackDir, STATE_FILE_NAME);
}

/**
 * The state file only caches which pids we started; the processes themselves are
 * the truth (they are re-identified from /proc). So a missing or damaged file is
 * not an error: it reads as "nothing recorded".
 */
export function readState(stackDir: string): { state: StackState; problem?: string } {
  let text: string;
  try {
    text = readFileSync(stateFilePath(stackDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyState() };
    throw error;
  }
  try {
    const parsed = stackStateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { state: parsed.data };
    return {
      state: emptyState(),
      problem: `ignored an unreadable state file: ${parsed.error.issues[0]?.message}`,
    };
  } catch {
    return { state: emptyState(), problem: 'ignored a state file that is not valid JSON' };
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeState(stackDir: string, state: StackState): void {
  const path = stateFilePath(stackDir);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(stackStateSchema.parse(state), null, 2)}\n`);
  renameSync(temporary, path);
}

export function withComponent(
  state: StackState,
  name: string,
  component: ComponentState | undefined,
): StackState {
  const components = { ...state.components };
  if (component) components[name] = component;
  else delete components[name];
  return { ...state, components };
}
