import { Prisma } from '../generated/prisma/client';
import { isPrismaError, isUniqueConstraintViolation, PrismaErrorCode } from './prisma-error.util';

const known = (code: string) =>
  new Prisma.PrismaClientKnownRequestError('failed', {
    code,
    clientVersion: Prisma.prismaVersion.client,
  });

describe('isUniqueConstraintViolation', () => {
  it('is true for P2002 only', () => {
    expect(isUniqueConstraintViolation(known('P2002'))).toBe(true);
    expect(isUniqueConstraintViolation(known('P2003'))).toBe(false);
    expect(
      isUniqueConstraintViolation(Object.assign(new Error('duplicate'), { code: 'P2002' })),
    ).toBe(false);
    expect(isUniqueConstraintViolation(undefined)).toBe(false);
  });
});

describe('isPrismaError', () => {
  it('matches the given code', () => {
    expect(isPrismaError(known('P2025'), PrismaErrorCode.RecordNotFound)).toBe(true);
    expect(isPrismaError(known('P2025'), PrismaErrorCode.ForeignKeyViolation)).toBe(false);
  });
});
