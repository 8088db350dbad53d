import { catalogArn } from '../common/arn.util';
import type { ChangeSet } from '../generated/prisma/client';
import { toCatalogTimestamp } from '../protocol/aws-timestamp.util';
import { wireObject } from '../protocol/wire-object.util';

/** One change as DescribeChangeSet shows it, stored as such in `changes`. */
export interface ChangeSummary {
  ChangeType: string;
  Entity: { Type: string; Identifier?: string };
  Details?: string;
  DetailsDocument?: unknown;
  ChangeName?: string;
  ErrorDetailList: { ErrorCode: string; ErrorMessage: string }[];
}

export function changeSetArnOf(region: string, changeSet: ChangeSet): string {
  return catalogArn.changeSet(region, changeSet.accountId, changeSet.id);
}

export function presentChangeSet(region: string, changeSet: ChangeSet) {
  return wireObject({
    ChangeSetId: changeSet.id,
    ChangeSetArn: changeSetArnOf(region, changeSet),
    ChangeSetName: changeSet.name,
    Intent: changeSet.intent,
    StartTime: toCatalogTimestamp(changeSet.startTime),
    EndTime: changeSet.endTime ? toCatalogTimestamp(changeSet.endTime) : undefined,
    Status: changeSet.status,
    FailureCode: changeSet.failureCode,
    FailureDescription: changeSet.failureDescription,
    ChangeSet: changeSet.changes as unknown as ChangeSummary[],
  });
}

export function presentChangeSetSummary(region: string, changeSet: ChangeSet) {
  return wireObject({
    ChangeSetId: changeSet.id,
    ChangeSetArn: changeSetArnOf(region, changeSet),
    ChangeSetName: changeSet.name,
    StartTime: toCatalogTimestamp(changeSet.startTime),
    EndTime: changeSet.endTime ? toCatalogTimestamp(changeSet.endTime) : undefined,
    Status: changeSet.status,
    EntityIdList: changeSet.entityIds,
    FailureCode: changeSet.failureCode,
  });
}
