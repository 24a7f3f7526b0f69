import type { z } from 'zod';
import type { GlobalSearchResponse, globalSearchQuery } from '../../../contracts/search.ts';
import { isAdmin, type Ctx } from '../../platform/access/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { withoutTotals } from '../../platform/http/list-total.ts';

/**
 * How many search sources are asked at once. Two, as the machines Kehu is sized for have two
 * cores: at 1,000,000 customers the seven kinds one after the other cost their sum, 80–120 ms
 * per keystroke for a common word, over the target of 100; all seven at once competed for the
 * same cores without being reliably faster (at 100,000: admin p95 66–194 ms at once, 64–116 ms
 * one after the other) and took seven of the pool's ten connections from everyone else.
 */
export const SEARCH_LANES = 2;

/**
 * Asks every search source the actor may read, SEARCH_LANES at a time, and answers in the
 * sources' order.
 */
export async function globalSearch(deps: Deps, ctx: Ctx, query: z.infer<typeof globalSearchQuery>): Promise<GlobalSearchResponse> {
  const sources = deps.modules.searchSources.filter((s) => isAdmin(ctx.actor) || ctx.actor.permissions.has(s.permission));
  // A role that may read none of the kinds is refused, as any list would refuse it, rather than told "nothing found".
  if (sources.length === 0) throw new AppError('FORBIDDEN');
  const found: (Awaited<ReturnType<(typeof sources)[number]['find']>> | undefined)[] = sources.map(() => undefined);
  let next = 0;
  const lane = async () => {
    while (next < sources.length) {
      const i = next++;
      // Each kind reads its list's first page; the header shows no totals, so none is counted.
      found[i] = await withoutTotals(() => (sources[i] as (typeof sources)[number]).find(deps, ctx, query.q, query.limit + 1));
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEARCH_LANES, sources.length) }, lane));
  const groups: GlobalSearchResponse['groups'] = [];
  for (const [i, source] of sources.entries()) {
    const hits = found[i] ?? [];
    if (hits.length > 0) groups.push({ kind: source.kind, hits: hits.slice(0, query.limit), more: hits.length > query.limit });
  }
  return { q: query.q, groups };
}
