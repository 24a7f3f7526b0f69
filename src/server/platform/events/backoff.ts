/**
 * The delay before reconnection attempt `failures + 1`: minMs, doubled after every failure up
 * to maxMs, less up to a quarter at random (`random` in [0, 1)), so that the API processes of
 * an installation do not all reconnect in the same instant after a database restart.
 */
export function reconnectDelayMs(failures: number, opts: { minMs: number; maxMs: number }, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 0), 30);
  const base = Math.min(opts.maxMs, opts.minMs * 2 ** exponent);
  return Math.round(base - base * 0.25 * random());
}
