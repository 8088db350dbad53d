// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib computes it), fed one character
// code at a time so a checksum can run straight over the book's strings without building the
// checksum text. Only meaningful for ASCII input, which decimal text and separators are.

const TABLE = new Int32Array(256);
/** The byte lookup table, for loops that inline the update (see venue-checksum.util.ts). */
export const CRC32_TABLE: Readonly<Int32Array> = TABLE;
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}

/** The register value to start from. */
export const CRC32_INITIAL = -1;

/** Feeds one byte (a character code below 256). */
export function crc32Byte(crc: number, byte: number): number {
  return (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
}

/** Feeds every character code of `text`. */
export function crc32Text(crc: number, text: string): number {
  let value = crc;
  for (let i = 0; i < text.length; i++) {
    value = (TABLE[(value ^ text.charCodeAt(i)) & 0xff] as number) ^ (value >>> 8);
  }
  return value;
}

/** The finished checksum as an unsigned 32-bit integer. */
export function crc32Unsigned(crc: number): number {
  return (crc ^ -1) >>> 0;
}

/** The finished checksum as a signed 32-bit integer. */
export function crc32Signed(crc: number): number {
  return crc ^ -1;
}

/** CRC-32 of an ASCII string, unsigned. */
export function crc32(text: string): number {
  return crc32Unsigned(crc32Text(CRC32_INITIAL, text));
}
