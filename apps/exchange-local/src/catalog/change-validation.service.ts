import { Inject, Injectable } from '@nestjs/common';

import { parseAdxArn } from '../common/arn.util';
import { QUOTAS } from '../common/quotas.constants';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { DataSet, Prisma, Product, Revision } from '../generated/prisma/client';

import { entityIdOf } from './catalog-common.util';
import { addDataSetsDetails, addRevisionsDetails } from './catalog.schemas';
import type { ChangeSummary } from './change-set.presenter';

type Tx = Prisma.TransactionClient;
type ErrorDetail = ChangeSummary['ErrorDetailList'][number];

/** A change that passed validation, with everything needed to apply it. */
export type ValidChange =
  | { kind: 'AddRevisions'; product: Product; dataSet: DataSet; revisions: Revision[] }
  | { kind: 'AddDataSets'; product: Product; dataSets: DataSet[] };

export type ValidationOutcome =
  { ok: true; change: ValidChange } | { ok: false; errors: ErrorDetail[] };

/**
 * Checks one change of a change set against the current state, answering with the per-change
 * error codes of the Data Exchange change types (REVISION_NOT_FOUND, DATA_SET_NOT_PUBLISHED, ...).
 */
@Injectable()
export class ChangeValidation {
  constructor(@Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig) {}

  async validate(tx: Tx, accountId: string, change: ChangeSummary): Promise<ValidationOutcome> {
    const product = await tx.product.findFirst({
      where: { id: entityIdOf(change.Entity.Identifier ?? ''), ownerAccountId: accountId },
    });
    if (!product)
      return fail('INVALID_INPUT', `Entity ${change.Entity.Identifier ?? ''} was not found.`);
    const details = detailsOf(change);
    if (details === undefined) return fail('INVALID_INPUT', 'Details must be a JSON object.');
    switch (change.ChangeType) {
      case 'AddRevisions':
        return this.addRevisions(tx, accountId, product, details);
      case 'AddDataSets':
        return this.addDataSets(tx, accountId, product, details);
      default:
        return fail(
          'INVALID_INPUT',
          `ChangeType ${change.ChangeType} is not supported by exchange-local.`,
        );
    }
  }

  private async addRevisions(
    tx: Tx,
    accountId: string,
    product: Product,
    raw: unknown,
  ): Promise<ValidationOutcome> {
    const parsed = addRevisionsDetails.safeParse(raw);
    if (!parsed.success)
      return fail('INVALID_INPUT', 'Details must have DataSetArn and RevisionArns.');
    const { DataSetArn, RevisionArns } = parsed.data;
    if (RevisionArns.length < 1 || RevisionArns.length > QUOTAS.revisionsPerAddRevisionsChange) {
      return fail(
        'INVALID_INPUT',
        `RevisionArns must list 1 to ${QUOTAS.revisionsPerAddRevisionsChange} revisions.`,
      );
    }
    const dataSet = await this.ownedDataSet(tx, accountId, DataSetArn);
    if (!dataSet) return fail('DATA_SET_NOT_FOUND', `Data set ${DataSetArn} was not found.`);
    const link = await tx.productDataSet.findUnique({
      where: { productId_dataSetId: { productId: product.id, dataSetId: dataSet.id } },
    });
    if (!link)
      return fail(
        'DATA_SET_NOT_PUBLISHED',
        `Data set ${DataSetArn} is not published to ${product.id}.`,
      );

    const errors: ErrorDetail[] = [];
    const revisions: Revision[] = [];
    const seen = new Set<string>();
    for (const arn of RevisionArns) {
      if (seen.has(arn)) {
        errors.push({
          ErrorCode: 'REVISION_DUPLICATE_PROVIDED',
          ErrorMessage: `Revision ${arn} is listed twice.`,
        });
        continue;
      }
      seen.add(arn);
      const parsedArn = parseAdxArn(arn);
      const revisionId =
        parsedArn?.resource.kind === 'revision' &&
        parsedArn.resource.dataSetId === dataSet.id &&
        parsedArn.accountId === accountId &&
        parsedArn.region === this.config.region
          ? parsedArn.resource.revisionId
          : undefined;
      const revision = revisionId
        ? await tx.revision.findFirst({ where: { id: revisionId, dataSetId: dataSet.id } })
        : null;
      if (!revision) {
        errors.push({
          ErrorCode: 'REVISION_NOT_FOUND',
          ErrorMessage: `Revision ${arn} was not found.`,
        });
      } else if (!revision.finalized) {
        errors.push({
          ErrorCode: 'REVISION_NOT_FINALIZED',
          ErrorMessage: `Revision ${arn} is not finalized.`,
        });
      } else if (revision.revoked) {
        errors.push({ ErrorCode: 'INVALID_INPUT', ErrorMessage: `Revision ${arn} is revoked.` });
      } else {
        revisions.push(revision);
      }
    }
    return errors.length > 0
      ? { ok: false, errors }
      : { ok: true, change: { kind: 'AddRevisions', product, dataSet, revisions } };
  }

  private async addDataSets(
    tx: Tx,
    accountId: string,
    product: Product,
    raw: unknown,
  ): Promise<ValidationOutcome> {
    const parsed = addDataSetsDetails.safeParse(raw);
    if (!parsed.success || parsed.data.DataSets.length === 0) {
      return fail('INVALID_INPUT', 'Details must list at least one data set in DataSets.');
    }
    const errors: ErrorDetail[] = [];
    const dataSets: DataSet[] = [];
    const seen = new Set<string>();
    for (const { Arn } of parsed.data.DataSets) {
      if (seen.has(Arn)) {
        errors.push({
          ErrorCode: 'DATA_SET_DUPLICATE_PROVIDED',
          ErrorMessage: `Data set ${Arn} is listed twice.`,
        });
        continue;
      }
      seen.add(Arn);
      const dataSet = await this.ownedDataSet(tx, accountId, Arn);
      if (!dataSet) {
        errors.push({
          ErrorCode: 'DATA_SET_NOT_FOUND',
          ErrorMessage: `Data set ${Arn} was not found.`,
        });
        continue;
      }
      const link = await tx.productDataSet.findUnique({
        where: { productId_dataSetId: { productId: product.id, dataSetId: dataSet.id } },
      });
      if (link) {
        errors.push({
          ErrorCode: 'DATA_SET_ALREADY_PUBLISHED',
          ErrorMessage: `Data set ${Arn} is already in ${product.id}.`,
        });
        continue;
      }
      dataSets.push(dataSet);
    }
    return errors.length > 0
      ? { ok: false, errors }
      : { ok: true, change: { kind: 'AddDataSets', product, dataSets } };
  }

  private async ownedDataSet(tx: Tx, accountId: string, arn: string): Promise<DataSet | null> {
    const parsed = parseAdxArn(arn);
    if (
      parsed?.resource.kind !== 'data-set' ||
      parsed.accountId !== accountId ||
      parsed.region !== this.config.region
    ) {
      return null;
    }
    return tx.dataSet.findFirst({
      where: { id: parsed.resource.dataSetId, accountId, origin: 'OWNED' },
    });
  }
}

function fail(code: string, message: string): ValidationOutcome {
  return { ok: false, errors: [{ ErrorCode: code, ErrorMessage: message }] };
}

function detailsOf(change: ChangeSummary): unknown {
  if (change.DetailsDocument !== undefined) return change.DetailsDocument;
  try {
    return JSON.parse(change.Details ?? '') as unknown;
  } catch {
    return undefined;
  }
}
