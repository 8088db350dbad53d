import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

const text = (max: number) => z.string().min(1).max(max);

export const marketParamsSchema = z.object({
  venue: z.string().regex(/^[a-z]{2,20}$/, 'expected a venue id such as binance'),
  symbol: text(64),
});

export const bookQuerySchema = z.object({
  depth: z
    .string()
    .regex(/^[1-9]\d{0,3}$/, 'expected a whole number from 1 to 9999')
    .optional(),
});

export const runsQuerySchema = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
    .optional(),
  status: text(20).optional(),
  dataSet: text(64).optional(),
});

export const idParamsSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'expected an id'),
});

export const exportsQuerySchema = z.object({ status: text(20).optional() });

export const alertsQuerySchema = z.object({
  kind: z
    .string()
    .regex(/^[a-z_]{1,40}$/, 'expected an alert kind such as gap')
    .optional(),
  limit: z
    .string()
    .regex(/^[1-9]\d{0,3}$/, 'expected a whole number from 1 to 9999')
    .optional(),
});

export const streamQuerySchema = z.object({
  markets: z.string().min(3).max(8_000),
  depth: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'expected a whole number from 1 to 999')
    .optional(),
});

/** Parses a request part, answering 400 with the fields named. */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new BadRequestException(`Invalid ${what}: ${issues}`);
}
