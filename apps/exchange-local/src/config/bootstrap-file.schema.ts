import { z } from 'zod';

/**
 * The bootstrap file: accounts, products and subscriptions that exist before any API call,
 * because in AWS they are made in a console. Secrets are never written in it, only where to find
 * them (an environment variable or a file), so the file itself can be committed.
 */
const secretSourceSchema = z.union([
  z.object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/) }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
]);

export const accountIdSchema = z.string().regex(/^\d{12}$/, 'must be 12 digits');

const bootstrapAccountSchema = z
  .object({
    accountId: accountIdSchema,
    name: z.string().min(1).max(64),
    accessKeyId: z
      .string()
      .regex(/^[A-Z0-9]{16,128}$/, 'must be 16-128 upper-case letters or digits'),
    secretAccessKey: secretSourceSchema,
  })
  .strict();

const bootstrapProductSchema = z
  .object({
    productId: z
      .string()
      .regex(
        /^prod-[a-z0-9]{4,40}$/,
        "must look like 'prod-' followed by lower-case letters or digits",
      ),
    ownerAccountId: accountIdSchema,
    title: z.string().min(1).max(255),
    description: z.string().max(16384).default(''),
    /** Products made since July 2021 publish a revision when it is finalized. */
    autoPublish: z.boolean().default(true),
  })
  .strict();

const bootstrapSubscriptionSchema = z
  .object({ productId: z.string().min(1), subscriberAccountId: accountIdSchema })
  .strict();

export const bootstrapFileSchema = z
  .object({
    accounts: z.array(bootstrapAccountSchema).default([]),
    products: z.array(bootstrapProductSchema).default([]),
    subscriptions: z.array(bootstrapSubscriptionSchema).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    const accountIds = new Set<string>();
    const accessKeys = new Set<string>();
    file.accounts.forEach((account, index) => {
      if (accountIds.has(account.accountId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'accountId'],
          message: 'duplicate account id',
        });
      }
      if (accessKeys.has(account.accessKeyId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'accessKeyId'],
          message: 'duplicate access key id',
        });
      }
      accountIds.add(account.accountId);
      accessKeys.add(account.accessKeyId);
    });
    const productIds = new Set<string>();
    file.products.forEach((product, index) => {
      if (productIds.has(product.productId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['products', index, 'productId'],
          message: 'duplicate product id',
        });
      }
      if (!accountIds.has(product.ownerAccountId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['products', index, 'ownerAccountId'],
          message: 'unknown account',
        });
      }
      productIds.add(product.productId);
    });
    file.subscriptions.forEach((subscription, index) => {
      if (!productIds.has(subscription.productId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['subscriptions', index, 'productId'],
          message: 'unknown product',
        });
      }
      if (!accountIds.has(subscription.subscriberAccountId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['subscriptions', index, 'subscriberAccountId'],
          message: 'unknown account',
        });
      }
    });
  });

export type BootstrapFile = z.output<typeof bootstrapFileSchema>;
export type BootstrapAccount = BootstrapFile['accounts'][number];
export type BootstrapProduct = BootstrapFile['products'][number];
export type BootstrapSubscription = BootstrapFile['subscriptions'][number];
