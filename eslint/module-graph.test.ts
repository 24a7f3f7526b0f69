import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './boundaries.js';
import {
  CYCLES_BASELINE_FILE,
  cycleEdges,
  cycleThrough,
  cyclicComponents,
  importSpecifiers,
  moduleGraph,
  readModuleSources,
  type ModuleGraph,
} from './module-graph.ts';

const graphOf = (edges: Record<string, string[]>): ModuleGraph =>
  new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

describe('the module import graph', () => {
  it('reads every form of import, and not comments or strings', () => {
    const text = [
      `import type { A } from './a.ts';`,
      `import { b } from './b.ts';`,
      `export { c } from './c.ts';`,
      `export * from './d.ts';`,
      `const f = await import('./f.ts');`,
      `type G = typeof import('./g.ts');`,
      `// import { h } from './h.ts';`,
      `const s = "import { i } from './i.ts'";`,
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a.ts', './b.ts', './c.ts', './d.ts', './f.ts', './g.ts']);
  });

  it('links modules through any file, entries included, and ignores tests and other folders', () => {
    const graph = moduleGraph([
      { path: 'src/server/modules/a/a.service.ts', text: `import { b } from '../b/index.ts';` },
      { path: 'src/server/modules/b/b.service.ts', text: `import { c } from '../c/c.queries.ts'; import { x } from './b.rules.ts';` },
      { path: 'src/server/modules/c/c.routes.test.ts', text: `import { a } from '../a/index.ts';` },
      { path: 'src/server/modules/c/c.jobs.ts', text: `import { e } from '../../platform/errors.ts';` },
      { path: 'src/server/modules/index.ts', text: `import { a } from './a/index.ts';` },
    ]);
    expect(Object.fromEntries([...graph].map(([k, v]) => [k, [...v]]))).toEqual({ a: ['b'], b: ['c'], c: [] });
    expect(cyclicComponents(graph)).toEqual([]);
  });

  it('finds cycles, the edges on them, and names one through an edge', () => {
    const graph = graphOf({ a: ['b'], b: ['c', 'd'], c: ['a'], d: ['e'], e: ['d'], f: ['a'] });
    expect(cyclicComponents(graph)).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    expect(cycleEdges(graph)).toEqual(['a -> b', 'b -> c', 'c -> a', 'd -> e', 'e -> d']);
    expect(cycleThrough(graph, 'c', 'a')).toEqual(['c', 'a', 'b', 'c']);
  });

  it('has no cycle between server modules beyond the shrinking baseline', () => {
    const graph = moduleGraph(readModuleSources());
    expect(graph.size).toBeGreaterThan(10);
    const baseline = JSON.parse(readFileSync(path.join(REPO_ROOT, CYCLES_BASELINE_FILE), 'utf8')) as string[];
    const edges = cycleEdges(graph);
    const added = edges
      .filter((e) => !baseline.includes(e))
      .map((e) => {
        const [a, b] = e.split(' -> ') as [string, string];
        return cycleThrough(graph, a, b).join(' → ');
      });
    const gone = baseline.filter((e) => !edges.includes(e));
    expect(added, 'modules import each other in a cycle: move the shared concept down (docs/boundaries.md)').toEqual([]);
    expect(gone, `these edges are no longer on a cycle: remove them from ${CYCLES_BASELINE_FILE} (npm run lint:baseline)`).toEqual([]);
    // The cycles of issue 14 are broken; the baseline stays empty (a cycle is fixed, never listed).
    expect(baseline).toEqual([]);
  });
});
