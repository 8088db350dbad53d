import type { StackConfig } from './stack-config.util';
import type { StackCredentials } from './credentials.util';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface ComponentContext {
  config: StackConfig;
  credentials: StackCredentials;
  log: Logger;
  /**
   * Connection settings of the components already up (ours or the user's), so a
   * later component (e.g. a service that runs migrations first) can use them.
   */
  upstreamEnv: Record<string, string>;
}

/** What `up` records about a process it started, and `down` stops. */
export interface StartedProcess {
  pid: number;
  ports: Record<string, number>;
}

/**
 * One piece of the local stack. Adding a component is one file implementing this
 * and one line in components/index.ts. Every method may be called repeatedly.
 */
export interface StackComponent {
  /** Also the folder, inside the stack folder, that holds this component's files. */
  readonly name: string;
  /** Components that must be healthy before this one starts. */
  readonly dependsOn: readonly string[];
  /** Version string recorded in the state file (shown by `status`). */
  version(config: StackConfig): string;
  /** Ports our own instance listens on (checked for conflicts before starting). */
  ports(config: StackConfig): Record<string, number>;

  /**
   * The user's own service for this component, taken from the environment
   * (e.g. KAFKA_BROKERS); undefined means the stack runs its own instance.
   * When `own` (what our instance hands out) is given, settings equal to it count
   * as the stack's own, so re-exported settings of the stack are not mistaken for
   * a user's service.
   */
  externalEnv(
    processEnv: NodeJS.ProcessEnv,
    own?: Record<string, string>,
  ): Record<string, string> | undefined;
  /** Connection settings of our own instance. */
  ownEnv(ctx: Pick<ComponentContext, 'config' | 'credentials'>): Record<string, string>;

  /** Makes binaries available (downloads are cached); fast when already done. */
  install(ctx: ComponentContext): Promise<void>;
  /** Starts our instance in the background and returns its main pid. */
  start(ctx: ComponentContext): Promise<StartedProcess>;
  /** One health probe against the given settings; resolves to a short description or throws. */
  health(env: Record<string, string>, ctx: Pick<ComponentContext, 'config'>): Promise<string>;
  /** Runs once our instance is healthy (create the database, the bucket, ...). */
  prepare?(env: Record<string, string>, ctx: ComponentContext): Promise<void>;
  /** Stops our instance. */
  stop(pid: number, ctx: Pick<ComponentContext, 'config' | 'log'>): Promise<void>;
  /** Recognizes our instance's main process by its argument vector. */
  isOwnProcess(argv: readonly string[], config: StackConfig): boolean;
  /** Log files `stack logs` shows for this component. */
  logFiles(config: StackConfig): string[];
  /** How long a fresh start may take before it counts as failed. */
  readonly startTimeoutMs: number;
}
