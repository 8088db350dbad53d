import type { ExportSubscription } from '@tickline/db';

import type { EncryptionInput, SubscriptionView } from './subscription.schema';

/** The row's encryption columns as the API (and EXPORT_REVISIONS_TO_S3) spell it. */
export function encryptionOf(
  row: Pick<ExportSubscription, 'encryption' | 'kmsKeyArn'>,
): EncryptionInput | null {
  switch (row.encryption) {
    case 'AES256':
      return { type: 'AES256' };
    case 'AWS_KMS':
      return { type: 'aws:kms', kmsKeyArn: row.kmsKeyArn ?? '' };
    default:
      return null;
  }
}

/** The API's encryption as the row's columns. */
export function encryptionColumns(
  encryption: EncryptionInput | null | undefined,
): Pick<ExportSubscription, 'encryption' | 'kmsKeyArn'> {
  if (!encryption) return { encryption: 'NONE', kmsKeyArn: null };
  return encryption.type === 'AES256'
    ? { encryption: 'AES256', kmsKeyArn: null }
    : { encryption: 'AWS_KMS', kmsKeyArn: encryption.kmsKeyArn };
}

export function subscriptionView(row: ExportSubscription): SubscriptionView {
  return {
    id: row.id,
    name: row.name,
    dataSetId: row.exchangeDataSetId,
    bucket: row.destinationBucket,
    keyPattern: row.keyPattern,
    mode: row.mode,
    encryption: encryptionOf(row),
    enabled: row.enabled,
    reconciledUntil: row.reconciledUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
