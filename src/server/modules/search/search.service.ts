import type { z } from 'zod';
import type { GlobalSearchResponse, globalSearchQuery } from '../../../contracts/search.ts';
import { isAdmin, type Ctx } from '../../platform/access/actor.ts';
import type { Deps } from '../../platform/deps.ts';

/**
 * Asks every search source the actor may read, one after the other: they share the request's
 * budget, and seven small indexed queries in a row cost less than holding seven pool connections
 * per keystroke.
 */
export async function globalSearch(deps: Deps, ctx: Ctx, query: z.infer<typeof globalSearchQuery>): Promise<GlobalSearchResponse> {
  const groups: GlobalSearchResponse['groups'] = [];
  for (const source of deps.modules.searchSources) {
    if (!isAdmin(ctx.actor) && !ctx.actor.permissions.has(source.permission)) continue;
    const hits = await source.find(deps, ctx, query.q, query.limit + 1);
    if (hits.length > 0) groups.push({ kind: source.kind, hits: hits.slice(0, query.limit), more: hits.length > query.limit });
  }
  return { q: query.q, groups };
}
