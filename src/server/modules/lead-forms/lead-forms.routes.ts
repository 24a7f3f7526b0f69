import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { createLeadFormBody, formSubmission, leadForm, listLeadFormsQuery, updateLeadFormBody } from '../../../contracts/lead-forms.ts';
import type { Deps } from '../../platform/deps.ts';
import { allowFraming } from '../../platform/http/security-headers.ts';
import * as service from './lead-forms.service.ts';

const tags = ['lead-forms'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function leadFormRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/lead-forms',
      { schema: { tags, summary: 'Web-to-lead forms (表单获客) I see, newest first, with their submissions and leads created', querystring: listLeadFormsQuery, response: { 200: page(leadForm), ...errors } } },
      async (req) => service.listForms(deps, req.ctx(), req.query),
    );
    app.post(
      '/lead-forms',
      {
        schema: {
          tags,
          summary: 'Create a form (a draft): the lead fields it asks (name and a phone or e-mail required), the channel and campaign its leads get, consent text, thank-you message or redirect, sites allowed to embed it',
          body: createLeadFormBody,
          response: { 201: leadForm, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createForm(deps, req.ctx(), req.body)),
    );
    app.get('/lead-forms/:id', { schema: { tags, summary: 'One form', params: idParams, response: { 200: leadForm, ...errors } } }, async (req) => service.getForm(deps, req.ctx(), req.params.id));
    app.patch(
      '/lead-forms/:id',
      { schema: { tags, summary: 'Change a form; status published opens it at /f/<slug>, closed stops it', params: idParams, body: updateLeadFormBody, response: { 200: leadForm, ...errors } } },
      async (req) => service.updateForm(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/lead-forms/:id',
      { schema: { tags, summary: 'Delete a form (its address stays reserved)', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteForm(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/lead-forms/:id/submissions',
      {
        schema: {
          tags,
          summary: 'The latest submissions: created a lead, merged into an existing one, or rejected (honeypot, too fast, rate limit, invalid)',
          params: idParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: z.object({ items: z.array(formSubmission) }), ...errors },
        },
      },
      async (req) => service.listSubmissions(deps, req.ctx(), req.params.id, req.query.limit),
    );
  };
}

/** Form bodies are small: a field of a few thousand characters at most. */
const BODY_LIMIT = 32 * 1024;

/**
 * The public form at /f/<slug>, outside /api/v1: no session, no CSRF cookie — the page carries a
 * signed token. Only these pages may be framed, by the origins their owner lists.
 */
export function leadFormPublicRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const send = (reply: import('fastify').FastifyReply, answer: service.PublicAnswer) => {
      allowFraming(reply, answer.frameOrigins);
      void reply.header('cache-control', 'no-store, private');
      if (answer.redirect) return reply.redirect(answer.redirect, 303);
      return reply.status(answer.status).header('content-type', 'text/html; charset=utf-8').send(answer.html ?? '');
    };
    const params = z.object({ slug: z.string().max(60) });
    app.get(
      '/f/:slug',
      { config: { public: true }, schema: { tags, summary: 'The published form as a page (works without scripts, embeddable by the owner’s sites)', security: [], params } },
      async (req, reply) => send(reply, await service.formPage(deps, req.params.slug, req.locale)),
    );
    app.post(
      '/f/:slug',
      {
        config: { public: true },
        bodyLimit: BODY_LIMIT,
        schema: { tags, summary: 'Submit the form (application/x-www-form-urlencoded or JSON): becomes a lead through the lead rules; answers the thank-you page, a redirect, or the form with its errors', security: [], params },
      },
      async (req, reply) => {
        const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
        return send(reply, await service.submitForm(deps, req.params.slug, body, req.ip, req.locale));
      },
    );
  };
}
