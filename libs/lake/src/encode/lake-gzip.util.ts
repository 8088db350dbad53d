import { promisify } from 'node:util';
import { constants, gzip, gzipSync, type ZlibOptions } from 'node:zlib';

/**
 * Gzip settings of every lake object, all pinned: the compressed bytes of a deflate stream
 * depend on level, window size, memory level and strategy, so leaving any to a default would let
 * a library change alter the objects.
 */
export const LAKE_GZIP_LEVEL = 6;
export const LAKE_GZIP_OPTIONS: Readonly<ZlibOptions> = Object.freeze({
  level: LAKE_GZIP_LEVEL,
  windowBits: 15,
  memLevel: 8,
  strategy: constants.Z_DEFAULT_STRATEGY,
});

/**
 * The 10-byte gzip header every lake object starts with (RFC 1952): magic `1f 8b`, method 8
 * (deflate), no flags (so no file name, comment, extra field or header CRC), MTIME 0, XFL 0
 * (what zlib writes for level 6) and OS 3. zlib takes OS from the platform it was compiled for
 * (3 on Unix, 7 or 19 on macOS, 10 on Windows), so the writer sets it to 3 itself: the only byte
 * that would otherwise differ between two replicas on different platforms.
 */
export const LAKE_GZIP_HEADER: readonly number[] = Object.freeze([
  0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
]);
const OS_BYTE = 9;

const gzipAsync = promisify(gzip);

/**
 * Pins the OS byte and checks the rest of the header. Node's zlib never writes a name or an
 * mtime (it has no API to set them), but a silent change there would break byte-identity across
 * replicas, so it is checked instead of assumed.
 */
function normalizeHeader(body: Buffer): Buffer {
  body[OS_BYTE] = LAKE_GZIP_HEADER[OS_BYTE] as number;
  for (let i = 0; i < LAKE_GZIP_HEADER.length; i++) {
    if (body[i] !== LAKE_GZIP_HEADER[i]) {
      throw new Error(
        `Unexpected gzip header ${body.subarray(0, LAKE_GZIP_HEADER.length).toString('hex')}: ` +
          `byte ${i} differs from ${Buffer.from(LAKE_GZIP_HEADER).toString('hex')}`,
      );
    }
  }
  return body;
}

/** Compresses in the libuv thread pool, keeping the event loop free for market data. */
export async function gzipLakeBody(text: Buffer): Promise<Buffer> {
  return normalizeHeader(await gzipAsync(text, LAKE_GZIP_OPTIONS));
}

export function gzipLakeBodySync(text: Buffer): Buffer {
  return normalizeHeader(gzipSync(text, LAKE_GZIP_OPTIONS));
}
