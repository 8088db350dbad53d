import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';

import { accountIdSchema } from '../config/bootstrap-file.schema';
import { validate } from '../protocol/validation.pipe';

import { adminOpenApiDocument } from './admin-openapi.util';
import {
  type PutAccountBody,
  putAccountBody,
  productIdSchema,
  type PutProductBody,
  putProductBody,
} from './admin.schemas';
import { AdminService } from './admin.service';
import { AdminTokenGuard } from './admin-token.guard';

/** The admin REST API (not an AWS API: bearer token instead of SigV4). */
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  /** The OpenAPI document is public, like any API description. */
  @Get('openapi.json')
  openApi() {
    return adminOpenApiDocument();
  }

  @Get('accounts')
  @UseGuards(AdminTokenGuard)
  listAccounts() {
    return this.admin.listAccounts();
  }

  @Put('accounts/:accountId')
  @UseGuards(AdminTokenGuard)
  async putAccount(
    @Param('accountId', validate(accountIdSchema)) accountId: string,
    @Body(validate(putAccountBody)) body: PutAccountBody,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, account } = await this.admin.putAccount(accountId, body);
    response.status(created ? 201 : 200);
    return account;
  }

  @Get('products')
  @UseGuards(AdminTokenGuard)
  listProducts() {
    return this.admin.listProducts();
  }

  @Put('products/:productId')
  @UseGuards(AdminTokenGuard)
  async putProduct(
    @Param('productId', validate(productIdSchema)) productId: string,
    @Body(validate(putProductBody)) body: PutProductBody,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created, product } = await this.admin.putProduct(productId, body);
    response.status(created ? 201 : 200);
    return product;
  }

  @Put('products/:productId/subscriptions/:accountId')
  @UseGuards(AdminTokenGuard)
  @HttpCode(204)
  async subscribe(
    @Param('productId', validate(productIdSchema)) productId: string,
    @Param('accountId', validate(accountIdSchema)) accountId: string,
  ): Promise<void> {
    await this.admin.subscribe(productId, accountId);
  }

  @Delete('products/:productId/subscriptions/:accountId')
  @UseGuards(AdminTokenGuard)
  @HttpCode(204)
  async unsubscribe(
    @Param('productId', validate(productIdSchema)) productId: string,
    @Param('accountId', validate(accountIdSchema)) accountId: string,
  ): Promise<void> {
    await this.admin.unsubscribe(productId, accountId);
  }
}
