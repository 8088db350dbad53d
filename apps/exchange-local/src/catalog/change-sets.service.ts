import { createHash } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';

import type { Caller } from '../auth/caller.decorator';
import { newCatalogId } from '../common/resource-id.util';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { ChangeSet, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../persistence/prisma.service';
import { awsErrors } from '../protocol/aws-error.exception';
import { toPage } from '../protocol/page.util';
import type { PageCursor } from '../protocol/pagination-token.util';
import { PaginationTokenCodec } from '../protocol/pagination-token.util';

import {
  DATA_PRODUCT_ENTITY_TYPE,
  DATA_PRODUCT_ENTITY_VERSION,
  entityIdOf,
  requireMarketplaceCatalog,
} from './catalog-common.util';
import type { ChangeSetQuery, ListChangeSetsBody, StartChangeSetBody } from './catalog.schemas';
import {
  type ChangeSummary,
  changeSetArnOf,
  presentChangeSet,
  presentChangeSetSummary,
} from './change-set.presenter';
import { ChangeSetWakeUp } from './change-set-wake-up.service';

const ENTITY_TYPES = new Set([
  DATA_PRODUCT_ENTITY_TYPE,
  `${DATA_PRODUCT_ENTITY_TYPE}@${DATA_PRODUCT_ENTITY_VERSION}`,
]);
const DEFAULT_CHANGE_SET_PAGE = 20;

/**
 * StartChangeSet checks the request and the entities at once (unknown product: 404, product
 * locked by an unfinished change set: 423) and records the change set PREPARING; the change set
 * runner then validates each change and applies them all or none.
 */
@Injectable()
export class ChangeSetsService {
  private readonly logger = new Logger(ChangeSetsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly tokens: PaginationTokenCodec,
    private readonly wakeUp: ChangeSetWakeUp,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async start(caller: Caller, body: StartChangeSetBody) {
    requireMarketplaceCatalog(body.Catalog);
    const intent = body.Intent ?? 'APPLY';
    const changes: ChangeSummary[] = body.ChangeSet.map((change) => {
      if (!ENTITY_TYPES.has(change.Entity.Type)) {
        throw awsErrors.resourceNotSupported(
          `Entity type ${change.Entity.Type} is not supported by exchange-local.`,
        );
      }
      if (!change.Entity.Identifier)
        throw awsErrors.validation('Entity.Identifier is required for this change type.');
      if (change.Details !== undefined) parseDetails(change.Details);
      return {
        ChangeType: change.ChangeType,
        Entity: { Type: change.Entity.Type, Identifier: change.Entity.Identifier },
        ...(change.Details !== undefined ? { Details: change.Details } : {}),
        ...(change.DetailsDocument !== undefined
          ? { DetailsDocument: change.DetailsDocument }
          : {}),
        ...(change.ChangeName !== undefined ? { ChangeName: change.ChangeName } : {}),
        ErrorDetailList: [],
      };
    });
    const entityIds = [
      ...new Set(changes.map((change) => entityIdOf(change.Entity.Identifier as string))),
    ].sort();
    const token = body.ClientRequestToken ?? newCatalogId('cs');
    const requestHash = createHash('sha256')
      .update(JSON.stringify([body.Catalog, body.ChangeSetName ?? null, intent, body.ChangeSet]))
      .digest('hex');

    const changeSet = await this.prisma.$transaction(async (tx) => {
      const previous = await tx.changeSet.findUnique({
        where: {
          accountId_clientRequestToken: { accountId: caller.accountId, clientRequestToken: token },
        },
      });
      if (previous) {
        if (previous.requestHash !== requestHash) {
          throw awsErrors.validation(
            'ClientRequestToken was already used for a different change set request.',
          );
        }
        return previous;
      }
      await this.lockEntities(tx, caller, entityIds);
      return tx.changeSet.create({
        data: {
          accountId: caller.accountId,
          changes: changes as unknown as Prisma.InputJsonValue,
          clientRequestToken: token,
          entityIds,
          id: newCatalogId('cs'),
          intent,
          name: body.ChangeSetName ?? null,
          requestHash,
        },
      });
    });
    this.wakeUp.nudge();
    this.logger.log(
      `Account ${caller.accountId} started change set ${changeSet.id} on ${entityIds.join(', ')}.`,
    );
    return {
      ChangeSetId: changeSet.id,
      ChangeSetArn: changeSetArnOf(this.config.region, changeSet),
    };
  }

  async describe(caller: Caller, query: ChangeSetQuery) {
    requireMarketplaceCatalog(query.catalog);
    return presentChangeSet(this.config.region, await this.own(caller, query.changeSetId));
  }

  async list(caller: Caller, body: ListChangeSetsBody) {
    requireMarketplaceCatalog(body.Catalog);
    const filters = filterValues(body.FilterList ?? []);
    const ascending = body.Sort?.SortOrder === 'ASCENDING';
    const scope = `ListChangeSets|${caller.accountId}|${JSON.stringify(body.FilterList ?? [])}|${ascending}`;
    const cursor = body.NextToken ? this.tokens.decode(scope, body.NextToken) : undefined;
    const pageSize = body.MaxResults ?? DEFAULT_CHANGE_SET_PAGE;
    const after = cursor ? new Date(cursor.key) : undefined;
    const rows = await this.prisma.changeSet.findMany({
      where: {
        accountId: caller.accountId,
        ...(filters['Status']
          ? { status: { in: filters['Status'] as ChangeSet['status'][] } }
          : {}),
        ...(filters['EntityId'] ? { entityIds: { hasSome: filters['EntityId'] } } : {}),
        ...(filters['ChangeSetName'] ? { name: { in: filters['ChangeSetName'] } } : {}),
        ...(cursor && after
          ? {
              OR: [
                { startTime: ascending ? { gt: after } : { lt: after } },
                { startTime: after, id: ascending ? { gt: cursor.id } : { lt: cursor.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ startTime: ascending ? 'asc' : 'desc' }, { id: ascending ? 'asc' : 'desc' }],
      take: pageSize + 1,
    });
    const page = toPage(
      rows,
      pageSize,
      (row): PageCursor => ({ key: row.startTime.toISOString(), id: row.id }),
      {
        codec: this.tokens,
        scope,
      },
    );
    return {
      ChangeSetSummaryList: page.items.map((changeSet) =>
        presentChangeSetSummary(this.config.region, changeSet),
      ),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  /** Only a change set that is still PREPARING can be cancelled. */
  async cancel(caller: Caller, query: ChangeSetQuery) {
    requireMarketplaceCatalog(query.catalog);
    const changeSet = await this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM change_sets WHERE id = ${query.changeSetId} FOR UPDATE`;
      const current = await this.own(caller, query.changeSetId, tx);
      if (current.status === 'APPLYING') {
        throw awsErrors.resourceInUse(
          `Change set ${current.id} is being applied and cannot be cancelled.`,
        );
      }
      if (current.status !== 'PREPARING') {
        throw awsErrors.validation(
          `Change set ${current.id} is ${current.status} and cannot be cancelled.`,
        );
      }
      return tx.changeSet.update({
        where: { id: current.id },
        data: { endTime: new Date(), leaseExpiresAt: null, leaseOwner: null, status: 'CANCELLED' },
      });
    });
    return {
      ChangeSetId: changeSet.id,
      ChangeSetArn: changeSetArnOf(this.config.region, changeSet),
    };
  }

  private async own(
    caller: Caller,
    changeSetId: string,
    db: Prisma.TransactionClient | PrismaService = this.prisma,
  ) {
    const changeSet = await db.changeSet.findFirst({
      where: { id: changeSetId, accountId: caller.accountId },
    });
    if (!changeSet) throw awsErrors.catalogResourceNotFound(`Change set ${changeSetId} not found.`);
    return changeSet;
  }

  /**
   * Products must exist and belong to the caller, and no unfinished change set may hold them.
   * Locking the product rows makes two concurrent StartChangeSet calls on one product see each
   * other.
   */
  private async lockEntities(
    tx: Prisma.TransactionClient,
    caller: Caller,
    entityIds: string[],
  ): Promise<void> {
    for (const entityId of entityIds) {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM products WHERE id = ${entityId} AND owner_account_id = ${caller.accountId} FOR UPDATE`;
      if (locked.length === 0)
        throw awsErrors.catalogResourceNotFound(`Entity ${entityId} not found.`);
    }
    const running = await tx.changeSet.findMany({
      where: { entityIds: { hasSome: entityIds }, status: { in: ['PREPARING', 'APPLYING'] } },
      select: { id: true },
    });
    if (running.length > 0) {
      throw awsErrors.resourceInUse(
        `Requested change set has entities locked by change sets - ${running.map((row) => row.id).join(', ')}.`,
      );
    }
  }
}

function parseDetails(details: string): unknown {
  try {
    return JSON.parse(details) as unknown;
  } catch {
    throw awsErrors.validation('Details must be a JSON object.');
  }
}

function filterValues(filters: { Name?: string | undefined; ValueList?: string[] | undefined }[]) {
  const values: Record<string, string[]> = {};
  for (const filter of filters) {
    if (filter.Name && filter.ValueList) values[filter.Name] = filter.ValueList;
  }
  return values;
}
