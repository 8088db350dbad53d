/**
 * Exact decimal text from integer units: `formatUnits(35210, 5)` is "0.35210". The synthetic
 * books count prices in ticks and sizes in lots, so no float ever reaches the wire.
 */
export function formatUnits(units: number, decimals: number, trim = false): string {
  const digits = String(units).padStart(decimals + 1, '0');
  if (decimals === 0) {
    return digits;
  }
  const text = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return trim ? text.replace(/\.?0+$/, '') : text;
}
