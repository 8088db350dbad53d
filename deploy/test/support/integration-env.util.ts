// Integration specs talk to the services named by these variables (the local stack
// prints them with `npm run -s stack -- env`). A missing one is a setup mistake, so
// the specs stop at once with a message that says how to fix it.
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

export function kafkaBrokers(): string[] {
  return requireEnv('KAFKA_BROKERS')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}
