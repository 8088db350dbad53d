/** The bundled Bybit recording: fixed seed and start, so rebuilding gives the same bytes. */
export const BYBIT_SYNTHETIC = {
  options: {
    venue: 'bybit' as const,
    markets: 8,
    seed: 20240301,
    startUs: Date.UTC(2024, 2, 1, 12, 0, 0) * 1000,
    bookUpdatesPerSecond: 8,
    tradesPerSecond: 2,
  },
  durationUs: 60_000_000,
};
