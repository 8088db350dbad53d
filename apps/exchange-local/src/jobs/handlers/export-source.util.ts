import type { Revision } from '../../generated/prisma/client';
import type { DbClient } from '../../persistence/db-client.type';
import { JobFailure } from '../job-failure.error';

/** An export reads a revision that must still exist and must not have been revoked since. */
export async function requireExportableRevision(
  db: DbClient,
  revisionId: string,
): Promise<Revision> {
  const revision = await db.revision.findUnique({ where: { id: revisionId } });
  if (!revision) {
    throw new JobFailure([
      {
        Code: 'RESOURCE_NOT_FOUND_EXCEPTION',
        Message: `Revision ${revisionId} no longer exists.`,
        ResourceId: revisionId,
        ResourceType: 'REVISION',
      },
    ]);
  }
  if (revision.revoked) {
    throw new JobFailure([
      {
        Code: 'VALIDATION_EXCEPTION',
        Message: `Revision ${revisionId} was revoked; its assets can no longer be exported.`,
        ResourceId: revisionId,
        ResourceType: 'REVISION',
      },
    ]);
  }
  return revision;
}
