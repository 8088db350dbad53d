/** Default quotas of the real service that exchange-local enforces (Service Quotas defaults). */
export const QUOTAS = {
  assetsPerExportJob: 100,
  assetsPerImportJob: 100,
  assetsPerRevision: 10_000,
  assetsPerRevisionsExport: 10_000,
  concurrentExportJobs: 10,
  concurrentImportJobs: 10,
  concurrentRevisionExportJobs: 5,
  dataSetsPerAccount: 3_000,
  eventActionsPerAccount: 50,
  eventActionsPerDataSet: 5,
  revisionsPerAddRevisionsChange: 5,
  revisionsPerDataSet: 10_000,
} as const;

/** Page size of list operations when the caller gives no maxResults. */
export const DEFAULT_PAGE_SIZE = 25;
