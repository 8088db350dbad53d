type Defined<T> = { [K in keyof T]: Exclude<T[K], null | undefined> };

/**
 * Drops members whose value is `null` or `undefined`: the AWS services leave optional members
 * out of a response rather than sending `null`, and some SDK deserializers reject `null`.
 */
export function wireObject<T extends Record<string, unknown>>(value: T): Partial<Defined<T>> {
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null && member !== undefined) result[key] = member;
  }
  return result as Partial<Defined<T>>;
}
