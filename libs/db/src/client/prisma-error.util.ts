import { Prisma } from '../generated/prisma/client';

/** Prisma error codes the services act on (https://www.prisma.io/docs/orm/reference/error-reference). */
export const PrismaErrorCode = {
  /** A unique constraint rejected the write: the thing already exists. */
  UniqueConstraintViolation: 'P2002',
  /** A foreign key rejected the write. */
  ForeignKeyViolation: 'P2003',
  /** update/delete found no row. */
  RecordNotFound: 'P2025',
} as const;

export type PrismaErrorCode = (typeof PrismaErrorCode)[keyof typeof PrismaErrorCode];

export function isPrismaError(
  error: unknown,
  code: PrismaErrorCode,
): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

/**
 * True when a write lost against one of the schema's uniqueness guarantees (e.g. the day is
 * already being published, the revision is already exported to that destination): the caller
 * reads the existing row instead of failing.
 */
export function isUniqueConstraintViolation(
  error: unknown,
): error is Prisma.PrismaClientKnownRequestError {
  return isPrismaError(error, PrismaErrorCode.UniqueConstraintViolation);
}
