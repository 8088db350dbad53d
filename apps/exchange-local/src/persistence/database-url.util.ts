/** The same database with another `?schema=` (the Prisma convention for a PostgreSQL schema). */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}
