import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditEntityTypes, auditEntry, listAuditQuery } from '../../../contracts/audit.ts';
import { errorResponse, page } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './audit.service.ts';

export function auditRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit-log',
      {
        schema: {
          tags: ['audit'],
          summary: 'Search the audit log, newest first (append-only; sensitive values masked)',
          querystring: listAuditQuery,
          response: { 200: page(auditEntry), 400: errorResponse, 401: errorResponse, 403: errorResponse },
        },
      },
      async (req) => service.listAudit(deps, req.ctx(), req.query),
    );
    app.get(
      '/audit-log/types',
      {
        schema: {
          tags: ['audit'],
          summary: 'The record types of the audit log, named in the language of Accept-Language',
          response: { 200: auditEntityTypes, 401: errorResponse, 403: errorResponse },
        },
      },
      async (req) => service.listAuditTypes(deps, req.ctx(), req.locale),
    );
  };
}
