import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { createZodDto } from 'nestjs-zod';

import {
  createSubscriptionSchema,
  type SubscriptionView,
  updateSubscriptionSchema,
} from './subscription.schema';
import { subscriptionView } from './subscription-view.util';
import { SubscriptionsService } from './subscriptions.service';

class CreateSubscriptionDto extends createZodDto(createSubscriptionSchema) {}
class UpdateSubscriptionDto extends createZodDto(updateSubscriptionSchema) {}

@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  async list(): Promise<{ subscriptions: SubscriptionView[] }> {
    return { subscriptions: (await this.subscriptions.list()).map(subscriptionView) };
  }

  /** 201; 422 when the data set is not entitled; 409 when the destination is taken. */
  @Post()
  async create(@Body() body: CreateSubscriptionDto): Promise<SubscriptionView> {
    return subscriptionView(await this.subscriptions.create(body));
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<SubscriptionView> {
    return subscriptionView(await this.subscriptions.get(id));
  }

  @Patch(':id')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateSubscriptionDto,
  ): Promise<SubscriptionView> {
    return subscriptionView(await this.subscriptions.update(id, body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id') id: string): Promise<void> {
    await this.subscriptions.remove(id);
  }
}
