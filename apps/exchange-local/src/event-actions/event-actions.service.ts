import { Inject, Injectable, Logger } from '@nestjs/common';

import { ResourceAccess } from '../access/resource-access.service';
import type { Caller } from '../auth/caller.decorator';
import { adxArn } from '../common/arn.util';
import { DEFAULT_EVENT_ACTION_KEY_PATTERN, validateKeyPattern } from '../common/key-pattern.util';
import { DEFAULT_PAGE_SIZE, QUOTAS } from '../common/quotas.constants';
import { newResourceId } from '../common/resource-id.util';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { EventAction, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../persistence/prisma.service';
import { awsErrors } from '../protocol/aws-error.exception';
import { toAdxTimestamp } from '../protocol/aws-timestamp.util';
import { afterCreatedDesc, createdCursor, toPage } from '../protocol/page.util';
import { PaginationTokenCodec } from '../protocol/pagination-token.util';
import { wireObject } from '../protocol/wire-object.util';
import { TagsService } from '../tags/tags.service';

import type {
  Action,
  CreateEventActionBody,
  ListEventActionsQuery,
  UpdateEventActionBody,
} from './event-actions.schemas';

/**
 * Event actions (auto-export): on RevisionPublished for an entitled data set, export the new
 * revision to a bucket. They are a subscriber feature; an owned data set is refused.
 */
@Injectable()
export class EventActionsService {
  private readonly logger = new Logger(EventActionsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ResourceAccess,
    private readonly tags: TagsService,
    private readonly tokens: PaginationTokenCodec,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async create(caller: Caller, body: CreateEventActionBody) {
    const dataSetId = body.Event.RevisionPublished.DataSetId;
    const action = withDefaults(body.Action);
    const created = await this.prisma.$transaction(async (tx) => {
      const dataSet = await this.access.readableDataSet(caller, dataSetId, tx);
      if (dataSet.origin !== 'ENTITLED') {
        throw awsErrors.validation(
          `Data set ${dataSetId} is not an entitled data set; event actions export revisions of entitled data sets.`,
        );
      }
      const perDataSet = await tx.eventAction.count({
        where: { accountId: caller.accountId, dataSetId },
      });
      if (perDataSet >= QUOTAS.eventActionsPerDataSet) {
        throw awsErrors.serviceLimitExceeded(
          'Auto export event actions per data set',
          QUOTAS.eventActionsPerDataSet,
        );
      }
      const perAccount = await tx.eventAction.count({ where: { accountId: caller.accountId } });
      if (perAccount >= QUOTAS.eventActionsPerAccount) {
        throw awsErrors.serviceLimitExceeded(
          'Event actions per account',
          QUOTAS.eventActionsPerAccount,
        );
      }
      const eventAction = await tx.eventAction.create({
        data: {
          accountId: caller.accountId,
          action: action as unknown as Prisma.InputJsonValue,
          dataSetId,
          id: newResourceId(),
        },
      });
      await this.tags.addTags(caller.accountId, this.arn(eventAction), body.Tags, tx);
      return eventAction;
    });
    this.logger.log(
      `Account ${caller.accountId} created event action ${created.id} on data set ${dataSetId}.`,
    );
    return this.present(created, body.Tags ?? {});
  }

  async get(caller: Caller, eventActionId: string) {
    const eventAction = await this.own(caller, eventActionId);
    return this.present(
      eventAction,
      await this.tags.tagsOf(caller.accountId, this.arn(eventAction)),
    );
  }

  async list(caller: Caller, query: ListEventActionsQuery) {
    const scope = `ListEventActions|${caller.accountId}|${query.eventSourceId ?? ''}`;
    const cursor = query.nextToken ? this.tokens.decode(scope, query.nextToken) : undefined;
    const pageSize = query.maxResults ?? DEFAULT_PAGE_SIZE;
    const rows = await this.prisma.eventAction.findMany({
      where: {
        AND: [
          { accountId: caller.accountId },
          query.eventSourceId ? { dataSetId: query.eventSourceId } : {},
          afterCreatedDesc(cursor),
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: pageSize + 1,
    });
    const page = toPage(rows, pageSize, createdCursor, { codec: this.tokens, scope });
    return {
      EventActions: page.items.map((eventAction) => this.present(eventAction)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  async update(caller: Caller, eventActionId: string, body: UpdateEventActionBody) {
    await this.own(caller, eventActionId);
    const updated = await this.prisma.eventAction.update({
      where: { id: eventActionId },
      data: body.Action
        ? { action: withDefaults(body.Action) as unknown as Prisma.InputJsonValue }
        : {},
    });
    return this.present(updated);
  }

  async delete(caller: Caller, eventActionId: string): Promise<void> {
    const eventAction = await this.own(caller, eventActionId);
    await this.prisma.$transaction(async (tx) => {
      await tx.eventAction.delete({ where: { id: eventActionId } });
      await this.tags.deleteTagsUnder(this.arn(eventAction), tx);
    });
  }

  private async own(caller: Caller, eventActionId: string): Promise<EventAction> {
    const eventAction = await this.prisma.eventAction.findFirst({
      where: { id: eventActionId, accountId: caller.accountId },
    });
    if (!eventAction) throw awsErrors.resourceNotFound('EVENT_ACTION', eventActionId);
    return eventAction;
  }

  private arn(eventAction: EventAction): string {
    return adxArn.eventAction(
      { region: this.config.region, accountId: eventAction.accountId },
      eventAction.id,
    );
  }

  private present(eventAction: EventAction, tags?: Record<string, string>) {
    return wireObject({
      Action: eventAction.action,
      Arn: this.arn(eventAction),
      CreatedAt: toAdxTimestamp(eventAction.createdAt),
      Event: { RevisionPublished: { DataSetId: eventAction.dataSetId } },
      Id: eventAction.id,
      Tags: tags,
      UpdatedAt: toAdxTimestamp(eventAction.updatedAt),
    });
  }
}

/** Stores the KeyPattern the real service reports when none was given. */
function withDefaults(action: Action): Action {
  const destination = action.ExportRevisionToS3.RevisionDestination;
  const keyPattern = destination.KeyPattern ?? DEFAULT_EVENT_ACTION_KEY_PATTERN;
  validateKeyPattern(keyPattern);
  return {
    ExportRevisionToS3: {
      ...action.ExportRevisionToS3,
      RevisionDestination: { ...destination, KeyPattern: keyPattern },
    },
  };
}
