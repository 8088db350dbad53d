// `eval "$(npm run -s stack -- env)"` must work, so every line is KEY=value with the
// value quoted for POSIX shells whenever it holds anything but plain characters.
const PLAIN_VALUE = /^[A-Za-z0-9_@%+=:,./-]*$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function shellQuote(value: string): string {
  if (value !== '' && PLAIN_VALUE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export` prefixes each line, so a plain `eval` also hands the values to child processes. */
export function formatEnvLines(
  env: Record<string, string>,
  options: { export?: boolean } = {},
): string {
  return Object.entries(env)
    .map(([key, value]) => {
      if (!ENV_KEY.test(key)) throw new Error(`Not a valid environment variable name: ${key}`);
      return `${options.export ? 'export ' : ''}${key}=${shellQuote(value)}`;
    })
    .join('\n');
}
