import type { Prisma } from '../generated/prisma/client';

import type { PrismaService } from './prisma.service';

/** Either the client or an interactive transaction, for helpers used in both contexts. */
export type DbClient = PrismaService | Prisma.TransactionClient;
