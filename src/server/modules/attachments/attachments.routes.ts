import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ATTACHMENT_KIND_INFO, attachment, attachmentList, attachmentOwnerParams, attachmentSettings, downloadAttachmentQuery, uploadAttachmentQuery } from '../../../contracts/attachments.ts';
import { errorResponse, idParams, okResponse } from '../../../contracts/common.ts';
import type { Deps } from '../../platform/deps.ts';
import { invalid } from '../../platform/errors.ts';
import { contentDisposition } from '../../platform/http/download.ts';
import * as service from './attachments.service.ts';

const tags = ['attachments'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 413: errorResponse, 503: errorResponse };

/** Content types an upload may be sent as: the raw file, whatever its type claims; the type is told from the bytes. */
const UPLOAD_TYPES = ['application/octet-stream', ...new Set(Object.values(ATTACHMENT_KIND_INFO).map((k) => k.contentType))];

function declaredLength(header: string | undefined): number | null {
  if (header === undefined || !/^\d+$/.test(header)) return null;
  return Number(header);
}

export function attachmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    // The body is handed over as the request stream, unread: the service streams it to disk while
    // counting (Fastify's bodyLimit applies only to bodies it reads itself).
    app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

    app.post(
      '/attachments/:ownerType/:ownerId',
      {
        schema: {
          tags,
          summary: 'Attach a file to a customer, contact, lead or follow-up (the file is the raw body, application/octet-stream)',
          description:
            'PDF, Word, Excel, PowerPoint (new and old formats) and PNG/JPEG/GIF/WebP images, at most ATTACHMENT_MAX_MB (default 20 MB; 413 above). ' +
            'The type is told from the content, not the name; the name’s extension must fit it (400 otherwise, e.g. a program renamed .pdf). ' +
            'PDFs with JavaScript or launch actions, PDF/HTML polyglots and (unless an admin allows them in the attachment settings) Office files with macros are refused with 400. ' +
            'Needs the right to edit the record (follow-ups: to create or edit them) and the record in the caller’s scope (404 otherwise).',
          params: attachmentOwnerParams,
          querystring: uploadAttachmentQuery,
          consumes: UPLOAD_TYPES,
          response: { 201: attachment, ...errors },
        },
      },
      async (req, reply) => {
        try {
          if (!(req.body instanceof Readable)) throw invalid([{ path: 'body', key: 'attachment.rawBody' }]);
          const created = await service.uploadAttachment(
            deps,
            req.ctx(),
            { ownerType: req.params.ownerType, ownerId: req.params.ownerId, fileName: req.query.fileName, declaredBytes: declaredLength(req.headers['content-length']) },
            req.body,
          );
          return await reply.status(201).send(created);
        } catch (err) {
          // Refused before the whole body arrived (413, 404, …): close the connection after the
          // answer rather than reading the rest of a file nobody wants.
          if (!req.raw.readableEnded) void reply.header('connection', 'close');
          throw err;
        }
      },
    );

    app.get(
      '/attachments/:ownerType/:ownerId',
      {
        schema: {
          tags,
          summary: 'The attachments of a record, newest first, with who uploaded them',
          params: attachmentOwnerParams,
          response: { 200: attachmentList, ...errors },
        },
      },
      async (req) => service.listAttachments(deps, req.ctx(), req.params.ownerType, req.params.ownerId),
    );

    app.get(
      '/attachments/:id/download',
      {
        schema: {
          tags,
          summary: 'The file, with its type and name (Content-Disposition attachment; inline with ?inline=1 for images, and for PDFs that pass the active-content check again)',
          description: '404 when the attachment does not exist or its record is not visible to the caller.',
          params: idParams,
          querystring: downloadAttachmentQuery,
          produces: ['application/octet-stream'],
          response: { ...errors },
        },
      },
      async (req, reply) => {
        const file = await service.openAttachment(deps, req.ctx(), req.params.id, req.query.inline === '1');
        void reply
          .header('content-type', file.attachment.contentType)
          .header('content-length', String(file.size))
          .header('content-disposition', contentDisposition(file.disposition, file.attachment.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store');
        // Whatever the browser shows gets no scripts, frames or plugins — except a PDF shown inline,
        // which has passed the active-content check (PDF viewers do not work sandboxed).
        const checkedPdf = file.disposition === 'inline' && file.attachment.contentType === 'application/pdf';
        if (!checkedPdf) void reply.header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
        // The bytes go out as they are (a stream is never serialised); the typed reply knows only the error shapes.
        return (reply as FastifyReply).send(file.stream);
      },
    );

    const settingsTags = ['settings'];
    app.get('/settings/attachments', { schema: { tags: settingsTags, summary: 'Attachment settings: whether Office files with macros are accepted', response: { 200: attachmentSettings, ...errors } } }, async (req) =>
      service.getAttachmentSettings(deps, req.ctx()),
    );
    app.put('/settings/attachments', { schema: { tags: settingsTags, summary: 'Change the attachment settings (admins; audited)', body: attachmentSettings, response: { 200: attachmentSettings, ...errors } } }, async (req) =>
      service.setAttachmentSettings(deps, req.ctx(), req.body),
    );

    app.delete(
      '/attachments/:id',
      { schema: { tags, summary: 'Delete an attachment (the file is removed too)', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteAttachment(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
