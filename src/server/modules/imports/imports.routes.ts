import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams } from '../../../contracts/common.ts';
import { dryRunResponse, IMPORT_MAX_BYTES, importJob, importTemplateQuery, runImportBody, importValuesResponse, setImportMappingBody, setImportValuesBody, uploadImportQuery, uploadImportResponse } from '../../../contracts/imports.ts';
import type { Deps } from '../../platform/deps.ts';
import { invalid } from '../../platform/errors.ts';
import { sendSpreadsheet } from '../../platform/http/download.ts';
import * as service from './imports.service.ts';

const tags = ['imports'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 422: errorResponse, 503: errorResponse };

/** Content types an upload may be sent as; the type is detected from the bytes either way. */
const UPLOAD_TYPES = ['application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'];

export function importRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    // The file is the raw request body (no multipart): scoped to this plugin, so other routes keep
    // the default 2 MB JSON limit.
    app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES + 1 }, (_req, body, done) => done(null, body));

    app.post(
      '/imports',
      {
        schema: {
          tags,
          summary: 'Upload a spreadsheet to import (the file is the raw body: application/octet-stream, xlsx or CSV, at most 20 MB)',
          description: 'Answers the headers, the first rows and a proposed column mapping (the one this user chose last time for the same headers, else suggested from the column names).',
          querystring: uploadImportQuery,
          response: { 201: uploadImportResponse, ...errors },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) throw invalid([{ path: 'body', key: 'import.rawBody' }]);
        return reply.status(201).send(await service.uploadImport(deps, req.ctx(), req.locale, req.query, req.body));
      },
    );
    app.get(
      '/imports/template.xlsx',
      {
        schema: {
          tags,
          summary: 'The import template of an entity (下载模板): the columns as headers, a sample row, drop-down lists for the columns whose values come from a list',
          querystring: importTemplateQuery,
          response: { ...errors },
        },
      },
      async (req, reply) => {
        const template = await service.importTemplate(deps, req.ctx(), req.locale, req.query.entity);
        return sendSpreadsheet(reply, 'xlsx', template.fileName, template.write);
      },
    );
    app.put(
      '/imports/:id/mapping',
      { schema: { tags, summary: 'Set the column mapping and the duplicate policy (remembered for files with the same headers)', params: idParams, body: setImportMappingBody, response: { 200: importJob, ...errors } } },
      async (req) => service.setImportMapping(deps, req.ctx(), req.locale, req.params.id, req.body),
    );
    app.get(
      '/imports/:id/values',
      {
        schema: {
          tags,
          summary: 'The values of the file outside Kehu’s lists (source channel, industry, tags), each once with the closest entry as a suggestion',
          description: 'Reads the whole file with the mapping set; values already answered are left out.',
          params: idParams,
          response: { 200: importValuesResponse, ...errors },
        },
      },
      async (req) => service.importValues(deps, req.ctx(), req.locale, req.params.id),
    );
    app.put(
      '/imports/:id/values',
      {
        schema: {
          tags,
          summary: 'Answer values outside Kehu’s lists: each value → an entry of the list, or null to leave the field empty',
          params: idParams,
          body: setImportValuesBody,
          response: { 200: importValuesResponse, ...errors },
        },
      },
      async (req) => service.setImportValues(deps, req.ctx(), req.locale, req.params.id, req.body),
    );
    app.post(
      '/imports/:id/dry-run',
      { schema: { tags, summary: 'Check every row without writing anything: what a run would create, update and skip, and the row errors', params: idParams, response: { 200: dryRunResponse, ...errors } } },
      async (req) => service.dryRunImport(deps, req.ctx(), req.locale, req.params.id),
    );
    app.post(
      '/imports/:id/run',
      {
        schema: {
          tags,
          summary: 'Run the import as a background job: all rows or none (any row error writes nothing), or with validOnly the rows that pass, listing the others',
          params: idParams,
          body: runImportBody,
          response: { 202: importJob, ...errors },
        },
      },
      async (req, reply) => reply.status(202).send(await service.startImport(deps, req.ctx(), req.locale, req.params.id, req.body)),
    );
    app.get(
      '/imports/:id',
      { schema: { tags, summary: 'An import: status, progress, counts and row errors', params: idParams, response: { 200: importJob, ...errors } } },
      async (req) => service.getImport(deps, req.ctx(), req.locale, req.params.id),
    );
    app.get(
      '/imports/:id/errors.xlsx',
      { schema: { tags, summary: 'Error report: the failed rows as in the file, with the row number and the reasons', params: idParams, response: { ...errors } } },
      async (req, reply) => {
        const report = await service.importErrorReport(deps, req.ctx(), req.locale, req.params.id);
        return sendSpreadsheet(reply, 'xlsx', report.fileName, report.write);
      },
    );
  };
}
