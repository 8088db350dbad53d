/**
 * One of the local stack's variables; a missing one is a setup mistake, so the caller stops at
 * once with a message that says how to load them.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(
      `${name} is not set. Start the local stack and load its settings first: ` +
        'npm run stack -- up && eval "$(npm run -s stack -- env --export)"',
    );
  }
  return value;
}
