// Helpers for integration tests against the local stack. Only test files may import this
// library (enforced in eslint.config.mjs).
export {
  createBucket,
  deleteBucket,
  listKeys,
  stackS3Client,
  uniqueBucket,
} from './s3-bucket.util';
