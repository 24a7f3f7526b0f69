import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import { DEFAULT_MAILING_SETTINGS, mailingSettings, type MailingSettings, type VariantKey } from '../../../contracts/mailings.ts';
import { UNSCOPED } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { describeSendError } from '../../platform/mail/retry.ts';
import { defineJsonSetting } from '../../platform/settings/settings.ts';
import { advanceMembers } from '../campaign-members/index.ts';
import * as q from './mailings.queries.ts';
import { compileMail, pickWinner, renderSubject, renderTemplate, signToken, smtpOutcome, trackingUrls, unsubscribeUrl, type CompiledMail } from './mailings.rules.ts';
import * as sq from './sender.queries.ts';

/**
 * The sender: works through a mailing's queued recipients in groups, at the configured rate and
 * concurrency, over a pooled SMTP connection. Each group is claimed (`sending`) and committed
 * before its mails go out and its results are written after, so a recipient recorded as sent is
 * never sent again, and one a crash caught mid-exchange ends `unknown`, not resent.
 */

export const mailingSetting = defineJsonSetting({ key: 'mailings.sending', label: '邮件群发', schema: mailingSettings, fallback: DEFAULT_MAILING_SETTINGS });

export interface CampaignMail {
  from: string;
  replyTo: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  messageId: string;
}

/** Where campaign mails go: SMTP (a pool of connections), or a test's own. */
export interface CampaignTransport {
  send(mail: CampaignMail): Promise<void>;
  close(): void;
}

export function pooledSmtpTransport(smtpUrl: string, connections: number): CampaignTransport {
  const url = new URL(smtpUrl);
  for (const [key, value] of Object.entries({ connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 })) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
  }
  url.searchParams.set('pool', 'true');
  url.searchParams.set('maxConnections', String(connections));
  url.searchParams.set('maxMessages', 'Infinity');
  const transporter = nodemailer.createTransport(url.toString());
  return {
    send: async (m) => {
      await transporter.sendMail({ from: m.from, to: m.to, ...(m.replyTo ? { replyTo: m.replyTo } : {}), subject: m.subject, html: m.html, text: m.text, headers: m.headers, messageId: m.messageId });
    },
    close: () => transporter.close(),
  };
}

/** "Name" <address> with the mailing's sender name, or the installation's MAIL_FROM as it is. */
export function fromHeader(mailFrom: string, fromName: string | null): string {
  if (!fromName) return mailFrom;
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `"${fromName.replace(/["\\\r\n]/g, '')}" <${address}>`;
}

export interface PreparedMailing {
  id: string;
  campaignId: string;
  campaignName: string;
  compiled: CompiledMail;
  from: string;
  replyTo: string | null;
  baseUrl: string;
}

/** One recipient's mail: fields filled, tracked links and the unsubscribe link signed for them. */
export function mailFor(deps: Pick<Deps, 'appSecret'>, m: PreparedMailing, r: { id: string; email: string; data: Record<string, string | null | undefined>; variant: string | null }): CampaignMail {
  const trackToken = signToken(deps.appSecret, 'track', r.id);
  const unsubscribe = unsubscribeUrl(m.baseUrl, signToken(deps.appSecret, 'unsubscribe', r.id));
  const values = { ...r.data, 'campaign.name': m.campaignName, unsubscribe_url: unsubscribe, ...trackingUrls(m.baseUrl, trackToken, m.compiled.links) };
  const variantIndex = Math.max(0, (r.variant ?? 'A').charCodeAt(0) - 65);
  const subject = m.compiled.subjects[variantIndex] ?? m.compiled.subjects[0] ?? '';
  const host = new URL(m.baseUrl).hostname || 'kehu.local';
  return {
    from: m.from,
    replyTo: m.replyTo,
    to: r.email,
    subject: renderSubject(subject, values),
    html: renderTemplate(m.compiled.html, values, 'html'),
    text: renderTemplate(m.compiled.text, values, 'text'),
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Kehu-Mailing': m.id,
    },
    messageId: `<${r.id}@${host}>`,
  };
}

export async function prepare(deps: Pick<Deps, 'db' | 'config'>, mailingId: string): Promise<PreparedMailing | null> {
  // UNSCOPED: the sender works for the mailing's owner, who started it within their scope.
  const row = await q.findMailing(deps.db, mailingId, UNSCOPED);
  if (!row) return null;
  const m = row.mailing;
  return {
    id: m.id,
    campaignId: m.campaignId,
    campaignName: row.campaignName,
    compiled: compileMail({ subjects: m.subjects, html: m.html, text: m.text, tracking: m.tracking }),
    from: fromHeader(deps.config.mailFrom, m.fromName),
    replyTo: m.replyTo,
    baseUrl: m.baseUrl ?? deps.config.publicUrl ?? 'http://localhost',
  };
}

export interface RunOptions {
  signal?: AbortSignal;
  settings?: MailingSettings;
  /** Stop after this many groups (tests); default: until the queue is empty. */
  maxGroups?: number;
}

export type RunOutcome = 'busy' | 'gone' | 'not-sending' | 'stopped' | 'testing' | 'sent';

/**
 * Sends what is queued for one mailing while it stays `sending`. Holds the mailing's sender lock
 * (another worker's run answers `busy`), first turns recipients a dead run left `sending` into
 * `unknown`, then claims groups of `concurrency` recipients, sends them at once and records the
 * answers, pacing groups to `ratePerSecond`. When nothing is queued: `testing` while a subject
 * test waits for its decision, else `sent`.
 */
export async function runMailing(deps: Deps, mailingId: string, transport: CampaignTransport, opts: RunOptions = {}): Promise<RunOutcome> {
  const outcome = await sq.withSenderLock(deps.db, mailingId, async (): Promise<RunOutcome> => {
    const state = await q.mailingState(deps.db, mailingId);
    if (!state || state.deletedAt) return 'gone';
    await sq.recoverInterrupted(deps.db, mailingId);
    if (state.status !== 'sending') return 'not-sending';
    const prepared = await prepare(deps, mailingId);
    if (!prepared) return 'gone';
    const settings = opts.settings ?? (await mailingSetting.load(deps.db));
    const groupSize = settings.concurrency;
    const groupMs = (groupSize / settings.ratePerSecond) * 1000;
    let groups = 0;
    let lastCheck = Date.now();
    for (;;) {
      if (opts.signal?.aborted) return 'stopped';
      if (opts.maxGroups !== undefined && groups >= opts.maxGroups) return 'stopped';
      // Pause and cancel are seen within a second.
      if (Date.now() - lastCheck > 1000) {
        lastCheck = Date.now();
        const now = await q.mailingState(deps.db, mailingId);
        if (!now || now.status !== 'sending') return 'stopped';
      }
      const started = Date.now();
      const claimed = await sq.claimNext(deps.db, mailingId, groupSize, deps.clock.now());
      if (claimed.length === 0) return finish(deps, mailingId);
      groups++;
      const results = await Promise.all(
        claimed.map(async (r): Promise<sq.SendResult> => {
          try {
            await transport.send(mailFor(deps, prepared, r));
            return { id: r.id, status: 'sent', error: null, at: deps.clock.now() };
          } catch (err) {
            return { id: r.id, status: smtpOutcome(err), error: describeSendError(err), at: deps.clock.now() };
          }
        }),
      );
      await deps.db.transaction(async (tx) => {
        await sq.recordResults(tx, results);
        const bounced = results.filter((r) => r.status === 'bounced').map((r) => claimed.find((c) => c.id === r.id)?.email ?? '');
        if (bounced.length > 0) await q.suppress(tx, bounced.filter(Boolean).map((address) => ({ channel: 'email' as const, address, reason: 'hard_bounce' as const, mailingId, note: null, at: deps.clock.now() })));
        const sentIds = new Set(results.filter((r) => r.status === 'sent').map((r) => r.id));
        const sent = claimed.filter((c) => sentIds.has(c.id));
        await advanceMembers(tx, prepared.campaignId, { contactIds: sent.flatMap((c) => (c.contactId ? [c.contactId] : [])), leadIds: sent.flatMap((c) => (c.leadId ? [c.leadId] : [])) }, 'sent', deps.clock.now());
      });
      const wait = groupMs - (Date.now() - started);
      if (wait > 1) await sleep(wait, undefined, opts.signal ? { signal: opts.signal } : undefined).catch(() => undefined);
    }
  });
  return outcome ?? 'busy';
}

/** Nothing queued: a subject test waits for its decision, any other mailing is sent. */
async function finish(deps: Deps, mailingId: string): Promise<RunOutcome> {
  const state = await q.mailingState(deps.db, mailingId);
  if (!state) return 'gone';
  const now = deps.clock.now();
  if (state.abTest && !state.winner && (await q.hasRecipientsIn(deps.db, mailingId, ['held']))) {
    const decideAt = new Date(now.getTime() + state.abTest.decideAfterMinutes * 60_000);
    await q.moveMailing(deps.db, mailingId, ['sending'], { status: 'testing', decideAt, updatedAt: now });
    return 'testing';
  }
  await q.moveMailing(deps.db, mailingId, ['sending'], { status: 'sent', finishedAt: now, updatedAt: now });
  return 'sent';
}

/**
 * Decides a subject test whose time has come: the variant with the best rate (bots excluded)
 * wins, the held rest is queued with its subject, and the mailing goes back to sending.
 */
export async function decideTest(deps: Deps, mailingId: string): Promise<VariantKey | null> {
  return deps.db.transaction(async (tx) => {
    const state = await q.mailingState(tx, mailingId);
    if (!state || state.status !== 'testing' || !state.abTest || (state.decideAt && state.decideAt > deps.clock.now())) return null;
    const stats = await q.variantStats(tx, mailingId);
    const winner = pickWinner(stats, state.abTest.metric);
    await q.releaseHeld(tx, mailingId, winner);
    await q.moveMailing(tx, mailingId, ['testing'], { status: 'sending', winner, updatedAt: deps.clock.now() });
    return winner;
  });
}
