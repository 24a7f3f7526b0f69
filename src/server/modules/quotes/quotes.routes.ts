import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import {
  companyProfile,
  createQuoteBody,
  listQuotesQuery,
  quote,
  quoteActionBody,
  quoteDetail,
  quoteLetterhead,
  quoteMailDraft,
  quoteMailDraftQuery,
  quoteSendBody,
  quoteSendResult,
  updateQuoteBody,
} from '../../../contracts/quotes.ts';
import type { Deps } from '../../platform/deps.ts';
import { contentDisposition } from '../../platform/http/download.ts';
import * as service from './quotes.service.ts';

const tags = ['quotes'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function quoteRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/quotes',
      { schema: { tags, summary: '报价单 in my scope (those of the opportunities I see), newest first; filter by opportunity, customer, status, number or title', querystring: listQuotesQuery, response: { 200: page(quote), ...errors } } },
      async (req) => service.listQuotes(deps, req.ctx(), req.query),
    );
    app.post(
      '/quotes',
      {
        schema: {
          tags,
          summary: 'Make a draft quote from an opportunity: its lines copied (or the lines given, priced from the catalogue), numbered BJ<year><seq>; customer, owner and currency from the opportunity',
          body: createQuoteBody,
          response: { 201: quoteDetail, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createQuote(deps, req.ctx(), req.body)),
    );
    app.get('/quotes/:id', { schema: { tags, summary: 'One quote with its lines', params: idParams, response: { 200: quoteDetail, ...errors } } }, async (req) => service.getQuote(deps, req.ctx(), req.params.id));
    app.patch(
      '/quotes/:id',
      { schema: { tags, summary: 'Change a draft (title, validity, terms, notes, contact, lines); 422 once it is sent', params: idParams, body: updateQuoteBody, response: { 200: quoteDetail, ...errors } } },
      async (req) => service.updateQuote(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/quotes/:id', { schema: { tags, summary: 'Delete a draft (422 once it is sent)', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteQuote(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
    app.get(
      '/quotes/letterhead',
      { schema: { tags, summary: 'Whether 公司信息 (the company printed at the head of quotes) is filled in; without it quotes read “Kehu”', response: { 200: quoteLetterhead, ...errors } } },
      async (req) => service.quoteLetterhead(deps, req.ctx()),
    );
    app.get(
      '/quotes/:id/mail-draft',
      {
        schema: {
          tags,
          summary: 'What sending the quote would e-mail to a contact (default: the quote’s contact): address, copy, subject and text, for the send dialog to edit',
          params: idParams,
          querystring: quoteMailDraftQuery,
          response: { 200: quoteMailDraft, ...errors },
        },
      },
      async (req) => service.quoteMailDraftFor(deps, req.ctx(), req.params.id, req.query),
    );
    app.post(
      '/quotes/:id/send',
      {
        schema: {
          tags,
          summary: 'Send a draft: it becomes sent, its PDF is attached to the opportunity (GET /attachments/opportunity/{opportunityId}) and e-mailed to the contact through the outbox, a copy to the owner',
          description:
            'In one transaction: the status, the PDF attachment, the mail (发件箱; `unsent` without SMTP), the timeline entry and the audit entry. 400 on `contactId` when the quote has no contact or the contact has no e-mail address; `mail: false` only marks it sent. 422 from another status or past its validity.',
          params: idParams,
          body: quoteSendBody,
          response: { 200: quoteSendResult, ...errors },
        },
      },
      async (req) => service.sendQuote(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/quotes/:id/accept',
      { schema: { tags, summary: 'The customer accepted a sent quote (an order can be made from it); 422 from another status or past its validity', params: idParams, body: quoteActionBody, response: { 200: quoteDetail, ...errors } } },
      async (req) => service.decideQuote(deps, req.ctx(), req.params.id, 'accepted', req.body.version),
    );
    app.post(
      '/quotes/:id/reject',
      { schema: { tags, summary: 'The customer rejected a sent quote; 422 from another status', params: idParams, body: quoteActionBody, response: { 200: quoteDetail, ...errors } } },
      async (req) => service.decideQuote(deps, req.ctx(), req.params.id, 'rejected', req.body.version),
    );
    app.get(
      '/quotes/:id/pdf',
      { schema: { tags, summary: 'The quote as a PDF (Chinese, A4), rendered from what it holds now', params: idParams, produces: ['application/pdf'], response: { ...errors } } },
      async (req, reply) => {
        const pdf = await service.quotePdf(deps, req.ctx(), req.params.id);
        void reply
          .header('content-type', 'application/pdf')
          .header('content-length', String(pdf.bytes.length))
          .header('content-disposition', contentDisposition('inline', pdf.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store');
        // Bytes, not a JSON body: the typed reply knows only the error shapes.
        return (reply as FastifyReply).send(pdf.bytes);
      },
    );
    app.get('/settings/company', { schema: { tags: ['settings'], summary: 'Company name, address and phone printed at the head of quotes', response: { 200: companyProfile, ...errors } } }, async (req) =>
      service.getCompanyProfile(deps, req.ctx()),
    );
    app.put('/settings/company', { schema: { tags: ['settings'], summary: 'Set the company name, address and phone printed at the head of quotes', body: companyProfile, response: { 200: companyProfile, ...errors } } }, async (req) =>
      service.setCompanyProfile(deps, req.ctx(), req.body),
    );
  };
}
