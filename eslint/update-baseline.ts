/**
 * `npm run lint:baseline`: rewrites the two lists of known boundary violations from the code,
 * eslint/boundaries-baseline.json (rule → file → import specifiers) and
 * eslint/module-cycles-baseline.json (module edges that lie on a cycle).
 *
 * By default it only removes entries that no longer occur: the lists may only shrink, and a
 * new violation is fixed, not listed. `--add` also lists the new ones (when merging work that
 * moved violations around); review that diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { BASELINE_FILE, boundariesConfig, REPO_ROOT } from './boundaries.js';
import { CYCLES_BASELINE_FILE, cycleEdges, moduleGraph, readModuleSources } from './module-graph.ts';

type Baseline = Record<string, Record<string, string[]>>;

/** Every boundary violation in the code, ignoring the baseline. */
export async function currentViolations(): Promise<Baseline> {
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    // The project's config (so the same files are linted), without type information, with
    // only the boundary rules and an empty baseline.
    overrideConfig: [tseslint.configs.disableTypeChecked, boundariesConfig({})],
    ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
  });
  const results = await eslint.lintFiles(['.']);
  const found: Baseline = {};
  for (const result of results) {
    const file = path.relative(REPO_ROOT, result.filePath).split(path.sep).join('/');
    const source = result.source ?? readFileSync(result.filePath, 'utf8');
    const lines = source.split('\n');
    for (const m of result.messages) {
      if (m.fatal) throw new Error(`${file}:${m.line}: ${m.message}`);
      if (!m.ruleId?.startsWith('boundaries/')) continue;
      const rule = m.ruleId.slice('boundaries/'.length);
      // The report is on the specifier's string literal: read it back from the source.
      const literal = lines[m.line - 1]!.slice(m.column - 1, m.endLine === m.line ? m.endColumn! - 1 : undefined);
      const spec = literal.replace(/^['"`]|['"`]$/g, '');
      ((found[rule] ??= {})[file] ??= []).push(spec);
    }
  }
  return normalise(found);
}

function normalise(b: Baseline): Baseline {
  const out: Baseline = {};
  for (const rule of Object.keys(b).sort()) {
    const files = b[rule]!;
    const sorted: Record<string, string[]> = {};
    for (const file of Object.keys(files).sort()) if (files[file]!.length > 0) sorted[file] = [...new Set(files[file])].sort();
    if (Object.keys(sorted).length > 0) out[rule] = sorted;
  }
  return out;
}

function intersect(old: Baseline, now: Baseline): Baseline {
  const out: Baseline = {};
  for (const [rule, files] of Object.entries(now))
    for (const [file, specs] of Object.entries(files))
      for (const spec of specs) if (old[rule]?.[file]?.includes(spec)) ((out[rule] ??= {})[file] ??= []).push(spec);
  return normalise(out);
}

const count = (b: Baseline) => Object.values(b).flatMap((files) => Object.values(files).flat()).length;

async function main() {
  const add = process.argv.includes('--add');
  const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')) as T;
  const write = (file: string, value: unknown) =>
    writeFileSync(path.join(REPO_ROOT, file), `${JSON.stringify(value, null, 2)}\n`);

  const oldViolations = read<Baseline>(BASELINE_FILE);
  const now = await currentViolations();
  const violations = add ? now : intersect(oldViolations, now);
  write(BASELINE_FILE, violations);

  const oldEdges = read<string[]>(CYCLES_BASELINE_FILE);
  const edgesNow = cycleEdges(moduleGraph(readModuleSources()));
  const edges = add ? edgesNow : edgesNow.filter((e) => oldEdges.includes(e));
  write(CYCLES_BASELINE_FILE, edges);

  const newViolations = count(now) - count(intersect(oldViolations, now));
  const newEdges = edgesNow.filter((e) => !oldEdges.includes(e)).length;
  console.log(`${BASELINE_FILE}: ${count(oldViolations)} → ${count(violations)} violations`);
  for (const [rule, files] of Object.entries(violations)) console.log(`  ${rule}: ${Object.values(files).flat().length}`);
  console.log(`${CYCLES_BASELINE_FILE}: ${oldEdges.length} → ${edges.length} module edges on a cycle`);
  if (!add && (newViolations > 0 || newEdges > 0)) {
    console.log(
      `Not listed: ${newViolations} new violation(s) and ${newEdges} new edge(s) on a cycle; \`npm run lint\` and ` +
        `\`npx vitest run eslint\` name them. Fix them, or run with --add to list them.`,
    );
    process.exitCode = 1;
  }
}

if (import.meta.main) await main();
