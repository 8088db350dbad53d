import {
  CreateJobCommand,
  type DataSetEntry,
  DataExchangeClient,
  type ExportServerSideEncryption,
  GetJobCommand,
  type GetJobResponse,
  GetRevisionCommand,
  type GetRevisionResponse,
  ListDataSetRevisionsCommand,
  ListDataSetsCommand,
  type RevisionEntry,
  StartJobCommand,
} from '@aws-sdk/client-dataexchange';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';

export interface ExportJobRequest {
  readonly dataSetId: string;
  readonly revisionId: string;
  readonly bucket: string;
  readonly keyPattern: string;
  readonly encryption?: ExportServerSideEncryption;
}

/**
 * The subscriber's Data Exchange calls, with the subscriber's credentials (AWS, or
 * exchange-local through EXCHANGE_ENDPOINT). Lists are paged to the end.
 */
@Injectable()
export class ExchangeService implements OnApplicationShutdown {
  private readonly client: DataExchangeClient;

  constructor(config: ConfigService<AppConfig>) {
    const accessKeyId = config.get('EXCHANGE_SUBSCRIBER_ACCESS_KEY_ID');
    const secretAccessKey = config.get('EXCHANGE_SUBSCRIBER_SECRET_ACCESS_KEY');
    const endpoint = config.get('EXCHANGE_ENDPOINT');
    this.client = new DataExchangeClient({
      region: config.get('EXCHANGE_REGION'),
      ...(endpoint ? { endpoint } : {}),
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
      maxAttempts: 3,
    });
  }

  /** Every data set the account is entitled to (ListDataSets, Origin ENTITLED). */
  async listEntitledDataSets(): Promise<DataSetEntry[]> {
    const dataSets: DataSetEntry[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListDataSetsCommand({ Origin: 'ENTITLED', MaxResults: 200, NextToken }),
      );
      dataSets.push(...(page.DataSets ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return dataSets;
  }

  /** Every revision of a data set the account can see, newest first as the API sorts them. */
  async listRevisions(dataSetId: string): Promise<RevisionEntry[]> {
    const revisions: RevisionEntry[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListDataSetRevisionsCommand({ DataSetId: dataSetId, MaxResults: 200, NextToken }),
      );
      revisions.push(...(page.Revisions ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return revisions;
  }

  /** The newest `max` revisions (one page). */
  async newestRevisions(dataSetId: string, max: number): Promise<RevisionEntry[]> {
    const page = await this.client.send(
      new ListDataSetRevisionsCommand({ DataSetId: dataSetId, MaxResults: max }),
    );
    return page.Revisions ?? [];
  }

  getRevision(dataSetId: string, revisionId: string): Promise<GetRevisionResponse> {
    return this.client.send(
      new GetRevisionCommand({ DataSetId: dataSetId, RevisionId: revisionId }),
    );
  }

  /** CreateJob EXPORT_REVISIONS_TO_S3 for one revision; the job is WAITING until started. */
  async createExportJob(request: ExportJobRequest): Promise<{ id: string; arn?: string }> {
    const job = await this.client.send(
      new CreateJobCommand({
        Type: 'EXPORT_REVISIONS_TO_S3',
        Details: {
          ExportRevisionsToS3: {
            DataSetId: request.dataSetId,
            RevisionDestinations: [
              {
                Bucket: request.bucket,
                KeyPattern: request.keyPattern,
                RevisionId: request.revisionId,
              },
            ],
            ...(request.encryption ? { Encryption: request.encryption } : {}),
          },
        },
      }),
    );
    if (!job.Id) throw new Error('CreateJob answered without a job id');
    return { id: job.Id, ...(job.Arn ? { arn: job.Arn } : {}) };
  }

  async startJob(jobId: string): Promise<void> {
    await this.client.send(new StartJobCommand({ JobId: jobId }));
  }

  getJob(jobId: string): Promise<GetJobResponse> {
    return this.client.send(new GetJobCommand({ JobId: jobId }));
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
