import { Inject, Injectable } from '@nestjs/common';

import type { Caller } from '../auth/caller.decorator';
import { adxArn, catalogArn } from '../common/arn.util';
import { EXCHANGE_CONFIG } from '../config/exchange-config.constants';
import type { ExchangeConfig } from '../config/exchange-config.loader';
import type { DataSet, Product, ProductDataSet } from '../generated/prisma/client';
import { PrismaService } from '../persistence/prisma.service';
import { awsErrors } from '../protocol/aws-error.exception';
import { toCatalogTimestamp } from '../protocol/aws-timestamp.util';
import { afterCreatedDesc, createdCursor, toPage } from '../protocol/page.util';
import { PaginationTokenCodec } from '../protocol/pagination-token.util';

import {
  DATA_PRODUCT_ENTITY_TYPE,
  DATA_PRODUCT_ENTITY_VERSION,
  requireMarketplaceCatalog,
} from './catalog-common.util';
import type { DescribeEntityQuery, ListEntitiesBody } from './catalog.schemas';

type ProductWithDataSets = Product & {
  dataSets: (ProductDataSet & { dataSet: DataSet & { entitledCopies: DataSet[] } })[];
};

const DEFAULT_ENTITY_PAGE = 20;

/** Products as DataProduct entities: DescribeEntity (owner only) and ListEntities. */
@Injectable()
export class CatalogEntitiesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly tokens: PaginationTokenCodec,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {}

  async describeEntity(caller: Caller, query: DescribeEntityQuery) {
    requireMarketplaceCatalog(query.catalog);
    const product = await this.prisma.product.findFirst({
      where: { id: query.entityId, ownerAccountId: caller.accountId },
      include: {
        dataSets: {
          include: {
            dataSet: { include: { entitledCopies: { where: { productId: query.entityId } } } },
          },
          orderBy: { addedAt: 'asc' },
        },
      },
    });
    if (!product) throw awsErrors.catalogResourceNotFound(`Entity ${query.entityId} not found.`);
    const details = this.details(product);
    return {
      EntityType: `${DATA_PRODUCT_ENTITY_TYPE}@${DATA_PRODUCT_ENTITY_VERSION}`,
      EntityIdentifier: `${product.id}@${product.version}`,
      EntityArn: catalogArn.entity(this.config.region, product.ownerAccountId, product.id),
      LastModifiedDate: toCatalogTimestamp(product.updatedAt),
      Details: JSON.stringify(details),
      DetailsDocument: details,
    };
  }

  /** SELF lists the caller's products; SHARED the products it subscribes to. */
  async listEntities(caller: Caller, body: ListEntitiesBody) {
    requireMarketplaceCatalog(body.Catalog);
    if (body.EntityType !== DATA_PRODUCT_ENTITY_TYPE) return { EntitySummaryList: [] };
    const ownership = body.OwnershipType ?? 'SELF';
    const scope = `ListEntities|${caller.accountId}|${ownership}`;
    const cursor = body.NextToken ? this.tokens.decode(scope, body.NextToken) : undefined;
    const pageSize = body.MaxResults ?? DEFAULT_ENTITY_PAGE;
    const rows = await this.prisma.product.findMany({
      where: {
        AND: [
          ownership === 'SELF'
            ? { ownerAccountId: caller.accountId }
            : { subscriptions: { some: { subscriberAccountId: caller.accountId } } },
          afterCreatedDesc(cursor),
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: pageSize + 1,
    });
    const page = toPage(rows, pageSize, createdCursor, { codec: this.tokens, scope });
    return {
      EntitySummaryList: page.items.map((product) => ({
        Name: product.title,
        EntityType: DATA_PRODUCT_ENTITY_TYPE,
        EntityId: product.id,
        EntityArn: catalogArn.entity(this.config.region, product.ownerAccountId, product.id),
        LastModifiedDate: toCatalogTimestamp(product.updatedAt),
        Visibility: 'Public',
        DataProductSummary: { ProductTitle: product.title, Visibility: 'Public' },
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  }

  /** The DataProduct `Details` document; clients read `DataSets[].DataSetArn` from it. */
  private details(product: ProductWithDataSets) {
    const owned = { region: this.config.region, accountId: product.ownerAccountId };
    return {
      Title: product.title,
      Description: product.description,
      Lifecycle: 'Public',
      ProductCode: product.id,
      AutoPublishRevisions: product.autoPublish,
      DataSets: product.dataSets.map((link) => {
        const entitled = link.dataSet.entitledCopies[0];
        return {
          ProductDataSetId: entitled?.id ?? link.dataSetId,
          DataSetArn: adxArn.dataSet(owned, link.dataSetId),
          Name: link.dataSet.name,
          Description: link.dataSet.description,
          CreationDate: link.dataSet.createdAt.toISOString(),
          ...(link.lastRevisionAddedAt
            ? { LastRevisionAddedDate: link.lastRevisionAddedAt.toISOString() }
            : {}),
          ...(entitled
            ? {
                PublishedDataSetArn: adxArn.dataSet(
                  { region: this.config.region, accountId: undefined },
                  entitled.id,
                ),
              }
            : {}),
        };
      }),
    };
  }
}
