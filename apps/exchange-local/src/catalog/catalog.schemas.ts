import { z } from 'zod';

import { jsonBody } from '../protocol/request-schemas.util';

/** Marketplace Catalog request shapes (patterns and bounds from the Catalog model). */
const catalogName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z]+$/);
const entityId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\w-]+$/);
const changeSetId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\w-]+$/);
const nextToken = z.string().min(1).max(2048).optional();

export const describeEntityQuery = z.object({ catalog: catalogName, entityId });
export type DescribeEntityQuery = z.output<typeof describeEntityQuery>;

export const changeSetQuery = z.object({ catalog: catalogName, changeSetId });
export type ChangeSetQuery = z.output<typeof changeSetQuery>;

const filterSchema = z.object({
  Name: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[a-zA-Z]+$/)
    .optional(),
  ValueList: z.array(z.string().min(1).max(255)).min(1).max(10).optional(),
});

const sortSchema = z.object({
  SortBy: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[a-zA-Z]+$/)
    .optional(),
  SortOrder: z.enum(['ASCENDING', 'DESCENDING']).optional(),
});

export const listEntitiesBody = jsonBody(
  z.object({
    Catalog: catalogName,
    EntityType: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[a-zA-Z]+$/),
    EntityTypeFilters: z.unknown().optional(),
    EntityTypeSort: z.unknown().optional(),
    FilterList: z.array(filterSchema).min(1).max(8).optional(),
    MaxResults: z.number().int().min(1).max(50).optional(),
    NextToken: nextToken,
    OwnershipType: z.enum(['SELF', 'SHARED']).optional(),
    Sort: sortSchema.optional(),
  }),
);
export type ListEntitiesBody = z.output<typeof listEntitiesBody>;

const tagSchema = z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) });

export const changeSchema = z
  .object({
    ChangeName: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[a-zA-Z]$|^[a-zA-Z]+[a-zA-Z0-9]*$/)
      .optional(),
    ChangeType: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[A-Z][\w]*$/),
    Details: z
      .string()
      .min(2)
      .max(16384)
      .regex(/^\s*\{[\s\S]*\}\s*$/, 'Member must be a JSON object')
      .optional(),
    DetailsDocument: z.unknown().optional(),
    Entity: z.object({
      Identifier: z
        .string()
        .min(1)
        .max(255)
        .regex(/^[\w@-]+$/)
        .optional(),
      Type: z
        .string()
        .min(1)
        .max(255)
        .regex(/^[a-zA-Z]+(?:@(\d+\.)*\d+)?$/),
    }),
    EntityTags: z.array(tagSchema).min(1).max(200).optional(),
  })
  .refine((change) => change.Details !== undefined || change.DetailsDocument !== undefined, {
    message: 'Member must not be null: one of Details or DetailsDocument is required',
    path: ['Details'],
  });
export type Change = z.output<typeof changeSchema>;

export const startChangeSetBody = jsonBody(
  z.object({
    Catalog: catalogName,
    ChangeSet: z.array(changeSchema).min(1).max(20),
    ChangeSetName: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\w\s+=.:@-]+$/)
      .optional(),
    ChangeSetTags: z.array(tagSchema).min(1).max(200).optional(),
    ClientRequestToken: z
      .string()
      .min(1)
      .max(36)
      .regex(/^[!-~]+$/)
      .optional(),
    Intent: z.enum(['VALIDATE', 'APPLY']).optional(),
  }),
);
export type StartChangeSetBody = z.output<typeof startChangeSetBody>;

export const listChangeSetsBody = jsonBody(
  z.object({
    Catalog: catalogName,
    FilterList: z.array(filterSchema).min(1).max(8).optional(),
    MaxResults: z.number().int().min(1).max(20).optional(),
    NextToken: nextToken,
    Sort: sortSchema.optional(),
  }),
);
export type ListChangeSetsBody = z.output<typeof listChangeSetsBody>;

/** Details of the two Data Exchange change types. */
export const addRevisionsDetails = z.object({
  DataSetArn: z.string().min(1),
  RevisionArns: z.array(z.string().min(1)),
});
export const addDataSetsDetails = z.object({
  DataSets: z.array(z.object({ Arn: z.string().min(1) })),
});
