import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse } from '../../../contracts/common.ts';
import { teamHome } from '../../../contracts/home.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './home.service.ts';

export function homeRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/home/team',
      {
        schema: {
          tags: ['home'],
          summary: '团队概况: open A leads past their assignment deadline, follow-ups overdue per rep, open pipeline by stage and this month’s won, within the caller’s data scope',
          description:
            'For roles whose data scope is a department (or all): salespeople (own scope) get 403. A figure of a kind the caller may not read is null.',
          response: { 200: teamHome, 401: errorResponse, 403: errorResponse },
        },
      },
      async (req) => service.teamHome(deps, req.ctx()),
    );
  };
}
