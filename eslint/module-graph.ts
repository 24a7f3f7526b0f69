/**
 * The import graph between server modules, computed from the source: module A depends on
 * module B when any non-test file of A imports any file of B (its entry or not). Modules must
 * form a DAG (docs/boundaries.md); the cycles that still exist are listed in
 * eslint/module-cycles-baseline.json, which may only shrink.
 *
 * Specifiers come from the TypeScript scanner (`preProcessFile`: imports, `import type`,
 * `export … from`, `import()` with a literal; not comments or strings), so no program is built.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { isTestFile, moduleOf, REPO_ROOT, resolveImport } from './boundaries.js';

export const CYCLES_BASELINE_FILE = 'eslint/module-cycles-baseline.json';

/** module → the modules it imports */
export type ModuleGraph = Map<string, Set<string>>;

/** The specifiers a file imports, in any form. */
export function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The graph of the given files (`path` relative to the repository root, `/` separators). */
export function moduleGraph(files: { path: string; text: string }[]): ModuleGraph {
  const graph: ModuleGraph = new Map();
  for (const file of files) {
    const from = moduleOf(file.path);
    if (!from || isTestFile(file.path)) continue;
    const edges = graph.get(from.name) ?? new Set<string>();
    graph.set(from.name, edges);
    for (const spec of importSpecifiers(file.text)) {
      const target = resolveImport(spec, file.path);
      const to = target.kind === 'file' ? moduleOf(target.path) : null;
      if (to && to.name !== from.name) edges.add(to.name);
    }
  }
  for (const targets of [...graph.values()]) for (const t of targets) if (!graph.has(t)) graph.set(t, new Set());
  return graph;
}

/** The source files of src/server/modules under `root`. */
export function readModuleSources(root = REPO_ROOT): { path: string; text: string }[] {
  const dir = path.join(root, 'src/server/modules');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => {
      const abs = path.join(e.parentPath, e.name);
      return { path: path.relative(root, abs).split(path.sep).join('/'), text: readFileSync(abs, 'utf8') };
    });
}

/** Strongly connected components with more than one module (Tarjan), each sorted, largest first. */
export function cyclicComponents(graph: ModuleGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/** The edges `a -> b` that lie on some cycle (both ends in one component), sorted. */
export function cycleEdges(graph: ModuleGraph): string[] {
  const edges: string[] = [];
  for (const component of cyclicComponents(graph)) {
    const members = new Set(component);
    for (const a of component) for (const b of graph.get(a) ?? []) if (members.has(b)) edges.push(`${a} -> ${b}`);
  }
  return edges.sort();
}

/** A shortest cycle through the edge a → b, as `a → b → … → a`. */
export function cycleThrough(graph: ModuleGraph, a: string, b: string): string[] {
  const previous = new Map<string, string>([[b, b]]);
  const queue = [b];
  while (queue.length > 0) {
    const v = queue.shift()!;
    if (v === a) break;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (previous.has(w)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  if (!previous.has(a)) return [];
  const back: string[] = [];
  for (let v = a; v !== b; v = previous.get(v)!) back.push(v);
  return [a, b, ...back.slice(1).reverse(), a];
}
