/** The message of anything thrown; errors from another realm (vm contexts) fail `instanceof Error`. */
export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
