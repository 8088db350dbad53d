const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why a name is not a valid S3 general purpose bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (!SHAPE.test(name)) {
    return 'must be 3-63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit';
  }
  if (name.includes('..')) return 'must not contain two adjacent periods';
  if (IP_ADDRESS.test(name)) return 'must not be formatted as an IP address';
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix) return `must not start with the reserved prefix "${prefix}"`;
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix) return `must not end with the reserved suffix "${suffix}"`;
  return undefined;
}
