import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { createSmsSendBody, listSmsRecipientsQuery, listSmsSendsQuery, smsPreview, smsRecipient, smsSend, updateSmsSendBody } from '../../../contracts/sms.ts';
import type { Deps } from '../../platform/deps.ts';
import { publicOrigin } from '../../platform/http/public-url.ts';
import * as service from './sms.service.ts';

const tags = ['sms'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };
const versionBody = z.object({ version: z.number().int().min(1) }).strict();

export function smsRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/sms-sends',
      { schema: { tags, summary: 'SMS sends (短信群发) I see, newest first, with delivery, clicks and opt-outs', querystring: listSmsSendsQuery, response: { 200: page(smsSend), ...errors } } },
      async (req) => service.listSends(deps, req.ctx(), req.query),
    );
    app.post(
      '/sms-sends',
      {
        schema: {
          tags,
          summary: 'Create an SMS send of a campaign I see (a draft): the approved signature and template code, the template text with ${variables}, what fills each variable, the short link’s address, the segment',
          body: createSmsSendBody,
          response: { 201: smsSend, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createSend(deps, req.ctx(), req.body)),
    );
    app.get('/sms-sends/:id', { schema: { tags, summary: 'One SMS send with its counts', params: idParams, response: { 200: smsSend, ...errors } } }, async (req) => service.getSend(deps, req.ctx(), req.params.id));
    app.patch(
      '/sms-sends/:id',
      { schema: { tags, summary: 'Change a draft SMS send', params: idParams, body: updateSmsSendBody, response: { 200: smsSend, ...errors } } },
      async (req) => service.updateSend(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/sms-sends/:id',
      { schema: { tags, summary: 'Delete a draft or cancelled SMS send', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteSend(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
    app.post(
      '/sms-sends/:id/send',
      {
        schema: {
          tags,
          summary: 'Start sending (needs mailing:send): the segment in the campaign owner’s scope becomes the recipients (one per mobile number; suppressed numbers skipped)',
          params: idParams,
          body: versionBody,
          response: { 200: z.object({ send: smsSend, audience: z.number().int(), recipients: z.number().int(), suppressed: z.number().int(), noAddress: z.number().int() }), ...errors },
        },
      },
      async (req) => service.startSend(deps, req.ctx(), req.params.id, req.body.version, publicOrigin(req, deps.config.publicUrl)),
    );
    for (const step of ['pause', 'resume', 'cancel'] as const) {
      app.post(
        `/sms-sends/:id/${step}`,
        { schema: { tags, summary: { pause: 'Pause sending', resume: 'Go on sending', cancel: 'Cancel: what was not sent is never sent' }[step], params: idParams, body: versionBody, response: { 200: smsSend, ...errors } } },
        async (req) => service.stepSend(deps, req.ctx(), req.params.id, step, req.body.version),
      );
    }
    app.get(
      '/sms-sends/:id/preview',
      {
        schema: {
          tags,
          summary: 'The message as a contact or lead I see (or sample values) would get it: text, variables, length and billed parts',
          params: idParams,
          querystring: z.object({ contactId: z.uuid().optional(), leadId: z.uuid().optional() }),
          response: { 200: smsPreview, ...errors },
        },
      },
      async (req) => service.previewSend(deps, req.ctx(), req.params.id, req.query),
    );
    app.get(
      '/sms-sends/:id/recipients',
      { schema: { tags, summary: 'The recipients with their status (receipts), clicks and opt-outs, in sending order', params: idParams, querystring: listSmsRecipientsQuery, response: { 200: page(smsRecipient), ...errors } } },
      async (req) => service.listRecipients(deps, req.ctx(), req.params.id, req.query),
    );
    app.get(
      '/settings/sms',
      { schema: { tags: ['settings'], summary: 'The SMS provider in use (aliyun, or log without SMS_URL) and the push URL to set in its console for receipts and replies (admins)', response: { 200: z.object({ provider: z.enum(['aliyun', 'log']), pushUrl: z.string() }), ...errors } } },
      async (req) => service.smsSettings(deps, req.ctx(), publicOrigin(req, deps.config.publicUrl)),
    );
  };
}

/**
 * Outside /api/v1: recipients' short links, and the provider's push of receipts and replies
 * (its URL carries a secret derived from APP_SECRET, shown to admins under /settings/sms).
 */
export function smsPublicRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/s/:code',
      { config: { public: true }, logLevel: 'warn', schema: { tags, summary: 'A short link of an SMS: redirects (302) to the send’s link and counts the click', security: [], params: z.object({ code: z.string().max(16) }) } },
      async (req, reply) => {
        const url = await service.followShortLink(deps, req.params.code, req.headers['user-agent']);
        if (!url) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('链接无效 / Link not found');
        return reply.header('cache-control', 'no-store, private').redirect(url, 302);
      },
    );
    app.post(
      '/hooks/sms/:token',
      {
        config: { public: true },
        logLevel: 'warn',
        bodyLimit: 1024 * 1024,
        schema: {
          tags,
          summary: 'The SMS provider’s push (阿里云 SmsReport / SmsUp as JSON arrays): delivery receipts update recipients, opt-out replies (回T退订) suppress the number',
          security: [],
          params: z.object({ token: z.string().max(64) }),
          response: { 200: z.object({ code: z.number().int(), msg: z.string() }), 404: z.object({ code: z.number().int(), msg: z.string() }) },
        },
      },
      async (req, reply) => {
        const ok = await service.receivePush(deps, req.params.token, req.body);
        return ok ? { code: 0, msg: '成功' } : reply.status(404).send({ code: 404, msg: 'not found' });
      },
    );
  };
}
