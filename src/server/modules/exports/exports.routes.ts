import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse } from '../../../contracts/common.ts';
import { exportContactsQuery, exportCustomersQuery, exportLeadsQuery } from '../../../contracts/imports.ts';
import type { Deps } from '../../platform/deps.ts';
import { sendSpreadsheet } from '../../platform/http/download.ts';
import * as service from './exports.service.ts';

const tags = ['exports'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };
const description =
  'Streams every matching row as xlsx or CSV (UTF-8 with BOM), headers in the caller’s language (Accept-Language). ' +
  'Data scope as in the list; budget and decision notes only for roles that may see sensitive fields; cells starting with = + - @ are prefixed with an apostrophe so spreadsheets show them as text. Needs read and export permissions.';

export function exportRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/export',
      { schema: { tags, summary: 'Export the customer list (same filters and sort as GET /customers)', description, querystring: exportCustomersQuery, response: errors } },
      async (req, reply) => {
        const file = await service.exportCustomers(deps, req.ctx(), req.locale, req.query);
        return sendSpreadsheet(reply, file.format, file.fileName, file.write);
      },
    );
    app.get(
      '/contacts/export',
      { schema: { tags, summary: 'Export the contacts of the customers selected by the customer list’s filters', description, querystring: exportContactsQuery, response: errors } },
      async (req, reply) => {
        const file = await service.exportContacts(deps, req.ctx(), req.locale, req.query);
        return sendSpreadsheet(reply, file.format, file.fileName, file.write);
      },
    );
    app.get(
      '/leads/export',
      { schema: { tags, summary: 'Export the lead list (same filters and sort as GET /leads)', description, querystring: exportLeadsQuery, response: errors } },
      async (req, reply) => {
        const file = await service.exportLeads(deps, req.ctx(), req.locale, req.query);
        return sendSpreadsheet(reply, file.format, file.fileName, file.write);
      },
    );
  };
}
