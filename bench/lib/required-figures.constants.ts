// The figures the project's goals are stated in (docs/benchmarks.md). A full `npm run bench`
// fails if one of them was not produced, so a benchmark cannot silently drop a goal.
export const REQUIRED_FIGURES = [
  'domain.envelope_validate_per_s',
  'exchange.import_mb_per_s',
  'ingest.normalize_trades_msgs_per_s',
  'ingest.normalize_depth_msgs_per_s',
  'ingest.e2e_msgs_per_s',
  'ingest.rss_mb_1000_markets',
  'book.apply_level_updates_per_s',
  'cache.rest_p99_ms',
  'cache.grpc_p99_ms',
  'pipeline.receive_to_cache_p99_ms',
  'publish.merge_rows_per_s',
  'publish.merge_ratio_vs_duckdb',
  'export.publish_to_object_s',
] as const;
