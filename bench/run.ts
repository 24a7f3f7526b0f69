/**
 * npm run bench [-- suite…] — runs benchmark suites, each on its own throwaway embedded
 * PostgreSQL (or the database in DATABASE_URL), and prints markdown tables for
 * docs/benchmarks.md. Suites: `foundation` (users, departments, audit log), `customers`
 * (customer master data: list, search, duplicate check, import, export) and `activities`
 * (timeline, tasks, follow-ups, reminders) and `sales` (opportunity board, forecast, funnel on
 * opportunities, orders and contracts), `marketing` (RFM classing, segment counts on customers
 * and orders), `firstload` (the built web UI's cold first load in
 * headless Chromium, login → first customer row; needs `npm run build:web`) and `tabular` (xlsx/CSV writing and reading, no database;
 * its checks were a unit test too slow for `npm test`). Without arguments,
 * BENCH_SUITES (comma-separated) or else every suite runs.
 */
import { activities } from './activities.ts';
import { customers } from './customers.ts';
import { firstload } from './firstload.ts';
import { foundation } from './foundation.ts';
import { marketing } from './marketing.ts';
import { sales } from './sales.ts';
import { tabular } from './tabular.ts';

const SUITES: Record<string, () => Promise<void>> = { foundation, customers, activities, sales, marketing, tabular, firstload };

const requested = process.argv.slice(2).length ? process.argv.slice(2) : (process.env.BENCH_SUITES?.split(',').map((s) => s.trim()).filter(Boolean) ?? Object.keys(SUITES));
const unknown = requested.filter((s) => !SUITES[s]);
if (unknown.length) {
  console.error(`Unknown suite(s): ${unknown.join(', ')}. Known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
try {
  for (const name of requested) await SUITES[name]?.();
} catch (err) {
  console.error(err);
  process.exit(1);
}
