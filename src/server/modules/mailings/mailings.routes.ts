import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import {
  addSuppressionsBody,
  createMailingBody,
  listMailingsQuery,
  listRecipientsQuery,
  listSuppressionsQuery,
  mailing,
  mailingActionBody,
  mailingReport,
  mailingSettings,
  previewQuery,
  recipient,
  renderedMail,
  suppression,
  suppressionParams,
  testSendBody,
  updateMailingBody,
} from '../../../contracts/mailings.ts';
import type { Deps } from '../../platform/deps.ts';
import { publicOrigin } from '../../platform/http/public-url.ts';
import { mailingSetting } from './mailings.sender.ts';
import * as service from './mailings.service.ts';
import { escapeHtml } from './mailings.rules.ts';
import * as tracking from './tracking.service.ts';

const tags = ['mailings'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

const startResult = z
  .object({
    mailing,
    audience: z.number().int().meta({ description: 'Records the segment selected (customers give their contacts)' }),
    recipients: z.number().int().meta({ description: 'Addresses that will get the mail' }),
    suppressed: z.number().int().meta({ description: 'Addresses skipped: on the suppression list' }),
    noAddress: z.number().int().meta({ description: 'Records without an e-mail address, or sharing one with another' }),
  })
  .meta({ id: 'MailingStart' });

export function mailingRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/mailings',
      { schema: { tags, summary: 'E-mail mailings (邮件群发) I see, newest first, with their delivery and engagement counts', querystring: listMailingsQuery, response: { 200: page(mailing), ...errors } } },
      async (req) => service.listMailings(deps, req.ctx(), req.query),
    );
    app.post(
      '/mailings',
      {
        schema: {
          tags,
          summary: 'Create a mailing of a campaign I see (a draft): subject lines (more than one: a subject test), HTML with merge fields, the segment to send to',
          body: createMailingBody,
          response: { 201: mailing, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createMailing(deps, req.ctx(), req.body)),
    );
    app.get('/mailings/:id', { schema: { tags, summary: 'One mailing with its counts', params: idParams, response: { 200: mailing, ...errors } } }, async (req) => service.getMailing(deps, req.ctx(), req.params.id));
    app.patch(
      '/mailings/:id',
      { schema: { tags, summary: 'Change a draft mailing', params: idParams, body: updateMailingBody, response: { 200: mailing, ...errors } } },
      async (req) => service.updateMailing(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete(
      '/mailings/:id',
      { schema: { tags, summary: 'Delete a draft or cancelled mailing', params: idParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.deleteMailing(deps, req.ctx(), req.params.id);
        return { ok: true as const };
      },
    );
    app.post(
      '/mailings/:id/send',
      {
        schema: {
          tags,
          summary:
            'Start sending (needs mailing:send): the segment, evaluated with the campaign owner’s scope, becomes the recipients (suppressed addresses skipped, a subject test’s sample drawn at random); they join the campaign as members and the sender begins',
          params: idParams,
          body: mailingActionBody,
          response: { 200: startResult, ...errors },
        },
      },
      async (req) => service.startMailing(deps, req.ctx(), req.params.id, req.body.version, publicOrigin(req, deps.config.publicUrl)),
    );
    for (const step of ['pause', 'resume', 'cancel'] as const) {
      app.post(
        `/mailings/:id/${step}`,
        {
          schema: {
            tags,
            summary: { pause: 'Pause sending (within a second)', resume: 'Go on sending a paused mailing', cancel: 'Cancel: what was not sent yet is never sent' }[step],
            params: idParams,
            body: mailingActionBody,
            response: { 200: mailing, ...errors },
          },
        },
        async (req) => service.stepMailing(deps, req.ctx(), req.params.id, step, req.body.version),
      );
    }
    app.get(
      '/mailings/:id/preview',
      { schema: { tags, summary: 'The mail as a contact or lead I see would get it (or with sample values), a subject variant of my choice', params: idParams, querystring: previewQuery, response: { 200: renderedMail, ...errors } } },
      async (req) => service.previewMailing(deps, req.ctx(), req.params.id, req.query),
    );
    app.post(
      '/mailings/:id/test',
      { schema: { tags, summary: 'Send a test mail (subject marked [测试]) to myself or an address, through the outbox', params: idParams, body: testSendBody, response: { 200: z.object({ to: z.string(), queued: z.boolean() }), ...errors } } },
      async (req) => service.testSend(deps, req.ctx(), req.params.id, req.body),
    );
    app.get(
      '/mailings/:id/recipients',
      { schema: { tags, summary: 'The recipients with their delivery status, opens, clicks and unsubscription, in sending order', params: idParams, querystring: listRecipientsQuery, response: { 200: page(recipient), ...errors } } },
      async (req) => service.listRecipients(deps, req.ctx(), req.params.id, req.query),
    );
    app.get(
      '/mailings/:id/report',
      { schema: { tags, summary: 'Open and click rates (probable bots excluded), the subject test per variant, clicks per link', params: idParams, response: { 200: mailingReport, ...errors } } },
      async (req) => service.mailingReport(deps, req.ctx(), req.params.id),
    );
    app.get(
      '/settings/mailings',
      { schema: { tags: ['settings'], summary: 'Sending settings of e-mail campaigns: mails per second and SMTP connections', response: { 200: mailingSettings, ...errors } } },
      async (req) => mailingSetting.get(deps, req.ctx()),
    );
    app.put(
      '/settings/mailings',
      { schema: { tags: ['settings'], summary: 'Change the sending settings (admins); sends in progress take them at their next run', body: mailingSettings, response: { 200: mailingSettings, ...errors } } },
      async (req) => mailingSetting.set(deps, req.ctx(), req.body),
    );
    app.get(
      '/suppressions',
      { schema: { tags, summary: 'The suppression list (屏蔽名单): addresses no mailing sends to — unsubscribed, hard-bounced, complained, added by hand', querystring: listSuppressionsQuery, response: { 200: z.object({ items: z.array(suppression), nextCursor: z.string().nullable() }), ...errors } } },
      async (req) => service.listSuppressions(deps, req.ctx(), req.query),
    );
    app.post(
      '/suppressions',
      { schema: { tags, summary: 'Add addresses (or mobile numbers) by hand; those already listed keep their reason', body: addSuppressionsBody, response: { 200: z.object({ added: z.number().int(), already: z.number().int() }), ...errors } } },
      async (req) => service.addSuppressions(deps, req.ctx(), req.body),
    );
    app.delete(
      '/suppressions/:channel/:address',
      { schema: { tags, summary: 'Take an address off the list (e.g. the person asked to subscribe again)', params: suppressionParams, response: { 200: okResponse, ...errors } } },
      async (req) => {
        await service.removeSuppression(deps, req.ctx(), req.params.channel, req.params.address);
        return { ok: true as const };
      },
    );
  };
}

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function page_(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:480px;margin:15vh auto;padding:0 16px;color:#1f1f1f;line-height:1.6}button{font-size:16px;padding:8px 24px;border:0;border-radius:6px;background:#1677ff;color:#fff;cursor:pointer}.muted{color:#888}</style></head><body>${body}</body></html>`;
}

/**
 * Outside /api/v1, for recipients and their mail clients: the open pixel, tracked links and the
 * unsubscribe link. No session; the signed token in the URL names the recipient. A GET of the
 * unsubscribe link only shows a confirmation page (link scanners fetch every link they see);
 * unsubscribing is a POST — the page's button, or the mail client's one-click (RFC 8058).
 */
export function mailingPublicRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    // Mail clients send the one-click body as a form; its content does not matter.
    app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'], { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, body));
    const visit = (token: string, userAgent: string | undefined) => ({ token, userAgent, at: deps.clock.now() });
    app.get(
      '/t/o/:token.gif',
      { config: { public: true }, logLevel: 'warn', schema: { tags, summary: 'Open pixel (a 1×1 GIF, always served; counted when the token is right)', security: [], params: z.object({ token: z.string().max(64) }) } },
      async (req, reply) => {
        await tracking.trackOpen(deps, visit(req.params.token, req.headers['user-agent']));
        return reply.header('content-type', 'image/gif').header('cache-control', 'no-store, private').send(PIXEL);
      },
    );
    app.get(
      '/t/c/:token/:link',
      {
        config: { public: true },
        logLevel: 'warn',
        schema: { tags, summary: 'Tracked link: redirects (302) to the link of the mail it came from; nothing else (no open redirect)', security: [], params: z.object({ token: z.string().max(64), link: z.coerce.number().int().min(0).max(999) }) },
      },
      async (req, reply) => {
        const url = await tracking.trackClick(deps, { ...visit(req.params.token, req.headers['user-agent']), link: req.params.link });
        if (!url) return reply.status(404).header('content-type', 'text/html; charset=utf-8').send(page_('链接无效', '<h2>链接无效</h2><p class="muted">This link is not valid.</p>'));
        return reply.header('cache-control', 'no-store, private').redirect(url, 302);
      },
    );
    app.get(
      '/u/:token',
      { config: { public: true }, logLevel: 'warn', schema: { tags, summary: 'Unsubscribe confirmation page (a GET never unsubscribes)', security: [], params: z.object({ token: z.string().max(64) }) } },
      async (req, reply) => {
        const target = await tracking.unsubscribeTarget(deps, req.params.token);
        void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store, private');
        if (!target) return reply.status(404).send(page_('链接无效', '<h2>退订链接无效</h2><p class="muted">This unsubscribe link is not valid.</p>'));
        if (target.done) return reply.send(page_('已退订', `<h2>您已退订</h2><p>${escapeHtml(target.email)} 不会再收到我们的营销邮件。</p><p class="muted">You are unsubscribed.</p>`));
        return reply.send(
          page_(
            '退订邮件',
            `<h2>退订营销邮件</h2><p>确认后，${escapeHtml(target.email)} 将不再收到我们的营销邮件。</p><p class="muted">Unsubscribe ${escapeHtml(target.email)} from our marketing e-mails?</p>` +
              `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" data-testid="unsubscribe-confirm">确认退订 / Unsubscribe</button></form>`,
          ),
        );
      },
    );
    app.post(
      '/u/:token',
      { config: { public: true }, logLevel: 'warn', schema: { tags, summary: 'Unsubscribe: the one-click POST of RFC 8058 (List-Unsubscribe-Post) or the confirmation page’s button', security: [], params: z.object({ token: z.string().max(64) }) } },
      async (req, reply) => {
        const done = await tracking.unsubscribe(deps, req.params.token, deps.clock.now());
        void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store, private');
        if (!done) return reply.status(404).send(page_('链接无效', '<h2>退订链接无效</h2><p class="muted">This unsubscribe link is not valid.</p>'));
        return reply.send(page_('已退订', `<h2>退订成功</h2><p>${escapeHtml(done.email)} 不会再收到我们的营销邮件。</p><p class="muted">You have been unsubscribed.</p>`));
      },
    );
  };
}
