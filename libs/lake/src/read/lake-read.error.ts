/** What went wrong reading a lake object. */
export const LAKE_READ_ISSUE_KINDS = [
  /** The key is not a lake key (the object is still read, without the checks below). */
  'key',
  /** The object could not be fetched, or the connection broke mid-object. */
  'read',
  /** Not a valid gzip stream: bad header, corrupt data, truncated, wrong CRC. */
  'gzip',
  /** A line that is not JSON (or is empty). */
  'json',
  /** A line that is JSON but not a replica-neutral envelope. */
  'schema',
  /** An envelope of another stream or minute than the key says. */
  'mismatch',
  /** An envelope before its predecessor in lake order (it is still delivered). */
  'order',
] as const;
export type LakeReadIssueKind = (typeof LAKE_READ_ISSUE_KINDS)[number];

export interface LakeReadIssue {
  readonly key: string;
  /** 1-based line number; `null` for problems of the whole object (fetch, key, gzip header). */
  readonly line: number | null;
  readonly kind: LakeReadIssueKind;
  readonly message: string;
  /** The start of the offending line (at most 200 characters). */
  readonly text?: string;
}

export type LakeIssueHandler = (issue: LakeReadIssue) => void;

/** Thrown for the first issue when the caller gave no `onIssue` handler. */
export class LakeReadError extends Error {
  override readonly name = 'LakeReadError';

  constructor(readonly issue: LakeReadIssue) {
    super(
      `Lake object ${issue.key}${issue.line === null ? '' : ` line ${issue.line}`}: ${issue.kind}: ${issue.message}`,
    );
  }
}
