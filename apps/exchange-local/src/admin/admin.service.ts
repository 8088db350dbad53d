import { Injectable, Logger } from '@nestjs/common';

import { AccountDirectory } from '../auth/account-directory.service';
import type { Account, Product } from '../generated/prisma/client';
import { PrismaService } from '../persistence/prisma.service';
import { AwsError, awsErrors } from '../protocol/aws-error.exception';

import type { PutAccountBody, PutProductBody } from './admin.schemas';

/**
 * Accounts, products and subscriptions at runtime, for what AWS does in its console. Bootstrap
 * accounts stay managed by the bootstrap file; admin accounts keep their secret in the database.
 */
@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly accounts: AccountDirectory,
  ) {}

  async listAccounts() {
    const rows = await this.prisma.account.findMany({ orderBy: { id: 'asc' } });
    return { accounts: rows.map((row) => this.presentAccount(row)) };
  }

  async putAccount(accountId: string, body: PutAccountBody) {
    const existing = await this.prisma.account.findUnique({ where: { id: accountId } });
    if ((existing && !existing.secretAccessKey) || this.accounts.isConfigured(body.accessKeyId)) {
      throw awsErrors.validation(
        `Account ${accountId} or key ${body.accessKeyId} is managed by the bootstrap file.`,
      );
    }
    const keyOwner = await this.prisma.account.findUnique({
      where: { accessKeyId: body.accessKeyId },
    });
    if (keyOwner && keyOwner.id !== accountId) {
      throw awsErrors.validation(`Access key id ${body.accessKeyId} belongs to another account.`);
    }
    const row = await this.prisma.account.upsert({
      where: { id: accountId },
      create: {
        accessKeyId: body.accessKeyId,
        id: accountId,
        name: body.name,
        secretAccessKey: body.secretAccessKey,
      },
      update: {
        accessKeyId: body.accessKeyId,
        name: body.name,
        secretAccessKey: body.secretAccessKey,
      },
    });
    this.logger.log(
      `Admin API ${existing ? 'updated' : 'created'} account ${accountId} (${body.name}).`,
    );
    return { created: !existing, account: this.presentAccount(row) };
  }

  async listProducts() {
    const rows = await this.prisma.product.findMany({
      orderBy: { id: 'asc' },
      include: {
        dataSets: { orderBy: { addedAt: 'asc' } },
        subscriptions: { orderBy: { subscriberAccountId: 'asc' } },
      },
    });
    return { products: rows.map((row) => this.presentProduct(row)) };
  }

  async putProduct(productId: string, body: PutProductBody) {
    const owner = await this.prisma.account.findUnique({ where: { id: body.ownerAccountId } });
    if (!owner) throw awsErrors.validation(`Owner account ${body.ownerAccountId} does not exist.`);
    const existing = await this.prisma.product.findUnique({ where: { id: productId } });
    if (existing && existing.ownerAccountId !== body.ownerAccountId) {
      throw awsErrors.validation(
        `Product ${productId} belongs to ${existing.ownerAccountId}; its owner cannot change.`,
      );
    }
    await this.prisma.product.upsert({
      where: { id: productId },
      create: {
        autoPublish: body.autoPublish ?? true,
        description: body.description ?? '',
        id: productId,
        ownerAccountId: body.ownerAccountId,
        title: body.title,
      },
      update: {
        title: body.title,
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.autoPublish !== undefined ? { autoPublish: body.autoPublish } : {}),
      },
    });
    this.logger.log(`Admin API ${existing ? 'updated' : 'created'} product ${productId}.`);
    return { created: !existing, product: await this.product(productId) };
  }

  async subscribe(productId: string, accountId: string): Promise<void> {
    await this.requireProductAndAccount(productId, accountId);
    await this.prisma.subscription.createMany({
      data: [{ productId, subscriberAccountId: accountId }],
      skipDuplicates: true,
    });
    this.logger.log(`Admin API subscribed account ${accountId} to product ${productId}.`);
  }

  async unsubscribe(productId: string, accountId: string): Promise<void> {
    await this.requireProductAndAccount(productId, accountId);
    await this.prisma.subscription.deleteMany({
      where: { productId, subscriberAccountId: accountId },
    });
  }

  private async requireProductAndAccount(productId: string, accountId: string): Promise<void> {
    const [product, account] = await Promise.all([
      this.prisma.product.findUnique({ where: { id: productId } }),
      this.prisma.account.findUnique({ where: { id: accountId } }),
    ]);
    if (!product)
      throw new AwsError('ResourceNotFoundException', `Product ${productId} not found.`);
    if (!account)
      throw new AwsError('ResourceNotFoundException', `Account ${accountId} not found.`);
  }

  private async product(productId: string) {
    const row = await this.prisma.product.findUniqueOrThrow({
      where: { id: productId },
      include: {
        dataSets: { orderBy: { addedAt: 'asc' } },
        subscriptions: { orderBy: { subscriberAccountId: 'asc' } },
      },
    });
    return this.presentProduct(row);
  }

  private presentAccount(row: Account) {
    return {
      accountId: row.id,
      name: row.name,
      accessKeyId: row.accessKeyId,
      source: row.secretAccessKey ? ('admin' as const) : ('bootstrap' as const),
    };
  }

  private presentProduct(
    row: Product & {
      dataSets: { dataSetId: string }[];
      subscriptions: { subscriberAccountId: string }[];
    },
  ) {
    return {
      productId: row.id,
      ownerAccountId: row.ownerAccountId,
      title: row.title,
      description: row.description,
      autoPublish: row.autoPublish,
      subscriberAccountIds: row.subscriptions.map(
        (subscription) => subscription.subscriberAccountId,
      ),
      dataSetIds: row.dataSets.map((link) => link.dataSetId),
    };
  }
}
