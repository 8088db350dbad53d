import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';

import { AwsApi } from '../auth/aws-api.decorator';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validate } from '../protocol/validation.pipe';

import {
  type CreateEventActionBody,
  createEventActionBody,
  type ListEventActionsQuery,
  listEventActionsQuery,
  type UpdateEventActionBody,
  updateEventActionBody,
} from './event-actions.schemas';
import { EventActionsService } from './event-actions.service';

@AwsApi()
@Controller('v1/event-actions')
export class EventActionsController {
  constructor(private readonly eventActions: EventActionsService) {}

  @Post()
  @HttpCode(201)
  createEventAction(
    @CurrentCaller() caller: Caller,
    @Body(validate(createEventActionBody)) body: CreateEventActionBody,
  ) {
    return this.eventActions.create(caller, body);
  }

  @Get()
  listEventActions(
    @CurrentCaller() caller: Caller,
    @Query(validate(listEventActionsQuery)) query: ListEventActionsQuery,
  ) {
    return this.eventActions.list(caller, query);
  }

  @Get(':EventActionId')
  getEventAction(@CurrentCaller() caller: Caller, @Param('EventActionId') eventActionId: string) {
    return this.eventActions.get(caller, eventActionId);
  }

  @Patch(':EventActionId')
  updateEventAction(
    @CurrentCaller() caller: Caller,
    @Param('EventActionId') eventActionId: string,
    @Body(validate(updateEventActionBody)) body: UpdateEventActionBody,
  ) {
    return this.eventActions.update(caller, eventActionId, body);
  }

  @Delete(':EventActionId')
  @HttpCode(204)
  async deleteEventAction(
    @CurrentCaller() caller: Caller,
    @Param('EventActionId') eventActionId: string,
  ): Promise<void> {
    await this.eventActions.delete(caller, eventActionId);
  }
}
