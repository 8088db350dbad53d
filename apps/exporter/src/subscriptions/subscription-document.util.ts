import { readFileSync } from 'node:fs';

import {
  DEFAULT_SUBSCRIPTION_DOCUMENT,
  type SubscriptionDocument,
  subscriptionDocumentSchema,
} from './subscription.schema';

/** A subscription document that cannot be used; the exporter does not start with it. */
export class SubscriptionConfigError extends Error {
  override readonly name = 'SubscriptionConfigError';
}

/**
 * The subscription document from EXPORTER_SUBSCRIPTIONS_FILE or EXPORTER_SUBSCRIPTIONS, or the
 * embedded default when neither is set. Every problem is reported at once.
 */
export function readSubscriptionDocument(source: {
  file?: string | undefined;
  inline?: string | undefined;
}): SubscriptionDocument {
  if (source.file === undefined && source.inline === undefined)
    return DEFAULT_SUBSCRIPTION_DOCUMENT;
  const where =
    source.file !== undefined
      ? `EXPORTER_SUBSCRIPTIONS_FILE ${source.file}`
      : 'EXPORTER_SUBSCRIPTIONS';
  let text: string;
  try {
    text =
      source.file !== undefined ? readFileSync(source.file, 'utf8') : (source.inline as string);
  } catch (error) {
    throw new SubscriptionConfigError(`${where} cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SubscriptionConfigError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = subscriptionDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`,
    );
    throw new SubscriptionConfigError(`${where} is invalid: ${issues.join('; ')}`);
  }
  const names = parsed.data.subscriptions.map((entry) => entry.name);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) {
    throw new SubscriptionConfigError(
      `${where} is invalid: subscription names must be unique (repeated: ${[...new Set(repeated)].join(', ')})`,
    );
  }
  return parsed.data;
}
