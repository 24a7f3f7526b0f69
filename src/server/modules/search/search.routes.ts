import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse } from '../../../contracts/common.ts';
import { globalSearchQuery, globalSearchResponse } from '../../../contracts/search.ts';
import type { Deps } from '../../platform/deps.ts';
import { globalSearch } from './search.service.ts';

export function searchRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Global search: customers, contacts, leads, opportunities, quotes, orders and contracts the caller may see, grouped by kind',
          description:
            'Each kind is searched within the caller’s data scope, as its own list would be, and only if the caller may read it (403 when the caller may read none). ' +
            'Matches names, numbers (also a fragment such as `MANU-006`), 4+ phone digits and pinyin (full or initials) where the kind has them.',
          querystring: globalSearchQuery,
          response: { 200: globalSearchResponse, 400: errorResponse, 401: errorResponse, 403: errorResponse },
        },
      },
      async (req) => globalSearch(deps, req.ctx(), req.query),
    );
  };
}
