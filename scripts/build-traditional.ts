/**
 * Builds src/server/modules/customers/names/traditional.json, the table that folds Traditional
 * Chinese characters to Simplified in company-name keys (names/fold.ts), so that
 * 上海華信精密機械有限公司 and 上海华信精密机械有限公司 give one key.
 *
 * Where the data comes from: the npm package `opencc-js` (version 1.4.2, MIT + Apache-2.0), the
 * JavaScript build of OpenCC (Open Chinese Convert), files `dist/esm-lib/dict/*.js`:
 * - `TSCharacters`: Traditional → Simplified, one character each (about 3,500 pairs);
 * - `TWVariantsRev` and `HKVariantsRev`: Taiwan and Hong Kong variant forms → the standard
 *   Traditional form (偽 → 僞, 臥 → 卧 …), which are then folded by TSCharacters as well.
 * Only single characters are taken: a name key is compared character by character, and OpenCC's
 * phrase tables only choose between several Simplified readings, which a key does not need (both
 * sides of a comparison fold alike). opencc-js is 6 MB and the table is 20 KB, so it is NOT a
 * dependency: install it only to regenerate the table:
 *
 *     npm install --no-save opencc-js@1.4.2
 *     node scripts/build-traditional.ts        # or: node scripts/build-traditional.ts path/to/opencc-js
 *
 * Chains are followed to their end (薴 → 苧 → 苎), so the table is idempotent: folding a folded
 * character changes nothing (the script checks it).
 * Changing the table changes name keys: bump NAME_KEY_VERSION in names/fold.ts so the stored
 * keys are recomputed at the next start.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const packageDir = resolve(process.argv[2] ?? 'node_modules/opencc-js');
const output = resolve(import.meta.dirname, '../src/server/modules/customers/names/traditional.json');

async function dict(name: string): Promise<Map<string, string>> {
  const mod = (await import(pathToFileURL(resolve(packageDir, `dist/esm-lib/dict/${name}.js`)).href)) as { default: string };
  const map = new Map<string, string>();
  for (const entry of mod.default.split('|')) {
    const [from, to] = entry.split(' ');
    // Single characters only (astral ones are two UTF-16 units: count code points).
    if (!from || !to || [...from].length !== 1 || [...to].length !== 1) continue;
    map.set(from, to);
  }
  return map;
}

const ts = await dict('TSCharacters');
const variants = new Map([...(await dict('HKVariantsRev')), ...(await dict('TWVariantsRev'))]);

const fold = new Map<string, string>();
for (const [from, to] of ts) if (from !== to) fold.set(from, to);
for (const [variant, standard] of variants) {
  const simplified = ts.get(standard) ?? standard;
  if (variant !== simplified && !fold.has(variant)) fold.set(variant, simplified);
}
// A few Simplified results are Traditional forms themselves (薴 → 苧 → 苎): follow each chain to
// its end, so one pass of the table folds completely.
for (const [from, first] of fold) {
  let to = first;
  for (let hops = 0; fold.has(to); hops++) {
    if (hops > 5) throw new Error(`cycle from ${from}`);
    to = fold.get(to) ?? to;
  }
  if (to === from) fold.delete(from);
  else fold.set(from, to);
}
for (const [from, to] of fold) if (fold.has(to)) throw new Error(`not idempotent: ${from} → ${to}`);

const pairs = [...fold].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const table = {
  source: 'opencc-js@1.4.2 dist/esm-lib/dict: TSCharacters, with HKVariantsRev and TWVariantsRev folded through it (OpenCC, Apache-2.0)',
  generatedBy: 'scripts/build-traditional.ts',
  count: pairs.length,
  // Traditional then Simplified, one pair after another: 「華华機机…」.
  pairs: pairs.map(([from, to]) => from + to).join(''),
};
writeFileSync(output, `${JSON.stringify(table, null, 1)}\n`);
console.log(`${pairs.length} pairs → ${output}`);
