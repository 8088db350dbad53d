/** DI token: liveness limit for an event loop stall, in milliseconds. */
export const MAX_EVENT_LOOP_DELAY_MS = Symbol('MAX_EVENT_LOOP_DELAY_MS');
/** DI token: default readiness probe timeout, in milliseconds. */
export const PROBE_TIMEOUT_MS = Symbol('PROBE_TIMEOUT_MS');
