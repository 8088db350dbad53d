/** DI token: default per-callback drain timeout in milliseconds. */
export const DRAIN_TIMEOUT_MS = Symbol('DRAIN_TIMEOUT_MS');
