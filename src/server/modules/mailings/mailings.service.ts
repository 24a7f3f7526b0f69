import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  type addSuppressionsBody,
  type createMailingBody,
  type listMailingsQuery,
  type listRecipientsQuery,
  type listSuppressionsQuery,
  type Mailing,
  type MailingCounts,
  type MailingReport,
  type MailingStatus,
  type previewQuery,
  type Recipient,
  type RenderedMail,
  type Suppression,
  type SuppressionChannel,
  type testSendBody,
  type updateMailingBody,
  VARIANT_KEYS,
} from '../../../contracts/mailings.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { can, type Actor, type Ctx } from '../../platform/access/actor.ts';
import { actorOfUser } from '../../platform/access/actors.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { businessRule, forbidden, invalid, notFound, versionConflict } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { kickMail, queueMail } from '../../platform/mail/outbox.ts';
import { contactsOfCustomers, insertManyMembers } from '../campaign-members/index.ts';
import { requireVisibleCampaign } from '../campaigns/index.ts';
import { requireVisibleContact } from '../contacts/index.ts';
import { requireVisibleLead } from '../leads/index.ts';
import { requireUsableSegment, segmentRecordIds } from '../segments/index.ts';
import { mailingSendJob } from './mailings.jobs.ts';
import * as q from './mailings.queries.ts';
import { checkTemplate, compileMail, rateOf, renderSubject, renderTemplate, sampleSplit, type TemplateProblem } from './mailings.rules.ts';

/**
 * 邮件营销: mailings of a campaign, seen and kept like their campaign. Content is edited while a
 * draft; sending snapshots the segment, evaluated with the campaign owner's scope, into the
 * recipients, in one transaction with its audit entry; the sender job does the rest.
 */

/** The largest audience one mailing sends to. */
export const MAX_AUDIENCE = 1_000_000;

const EMPTY_COUNTS: MailingCounts = { recipients: 0, held: 0, queued: 0, sent: 0, failed: 0, bounced: 0, unknown: 0, skipped: 0, opened: 0, clicked: 0, unsubscribed: 0 };

function toMailing(row: q.MailingRow, counts: MailingCounts | undefined): Mailing {
  const m = row.mailing;
  return {
    id: m.id,
    campaignId: m.campaignId,
    campaignName: row.campaignName,
    name: m.name,
    subjects: m.subjects.map((subject, i) => ({ key: VARIANT_KEYS[i] ?? 'A', subject })),
    abTest: m.abTest,
    html: m.html,
    text: m.text,
    fromName: m.fromName,
    replyTo: m.replyTo,
    segmentId: m.segmentId,
    segmentName: row.segmentName,
    contacts: m.contacts,
    tracking: m.tracking,
    status: m.status,
    winner: m.winner,
    decideAt: m.decideAt?.toISOString() ?? null,
    noAddress: m.noAddress,
    counts: counts ?? EMPTY_COUNTS,
    startedAt: m.startedAt?.toISOString() ?? null,
    finishedAt: m.finishedAt?.toISOString() ?? null,
    createdBy: m.createdBy,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    version: m.version,
  };
}

export async function requireVisibleMailing(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.MailingRow> {
  const row = await q.findMailing(db, id, actor, opts.lock);
  if (!row) throw notVisible('mailing', opts);
  return row;
}

async function present(db: DbOrTx, id: string): Promise<Mailing> {
  // UNSCOPED: re-reads the mailing after the caller's scoped check (or the insert).
  const row = await q.findMailing(db, id, UNSCOPED);
  if (!row) throw notFound('mailing');
  return toMailing(row, (await q.countsOf(db, [id])).get(id));
}

function refuseTemplate(problems: TemplateProblem[]): void {
  if (problems.length > 0) throw invalid(problems.map((p) => ({ path: p.path, key: p.key, ...(p.params ? { params: p.params } : {}) })));
}

/** What the audit log shows of a mailing: its content and audience by name. */
function auditView(m: Mailing) {
  return { name: m.name, subjects: m.subjects.map((s) => `${s.key}: ${s.subject}`).join(' | '), abTest: m.abTest ? `${m.abTest.samplePercent}% / ${m.abTest.decideAfterMinutes} min / ${m.abTest.metric}` : null, segment: m.segmentName, contacts: m.contacts, tracking: m.tracking, fromName: m.fromName, replyTo: m.replyTo, status: m.status };
}

export async function listMailings(deps: Deps, ctx: Ctx, query: z.infer<typeof listMailingsQuery>) {
  requirePermission(ctx.actor, 'mailing', 'read');
  const rows = await q.listMailings(deps.db, { viewer: ctx.actor, campaignId: query.campaignId, status: query.status, cursor: query.cursor, limit: query.limit });
  const counts = await q.countsOf(deps.db, rows.slice(0, query.limit).map((r) => r.mailing.id));
  return toPage(rows, query.limit, (r) => [r.mailing.createdAt, r.mailing.id], (r) => toMailing(r, counts.get(r.mailing.id)));
}

export async function getMailing(deps: Deps, ctx: Ctx, id: string): Promise<Mailing> {
  requirePermission(ctx.actor, 'mailing', 'read');
  await requireVisibleMailing(deps.db, ctx.actor, id);
  return present(deps.db, id);
}

/** The campaign's target segment when the actor may use it (else none: the sender picks one). */
export async function usableTarget(deps: Deps, actor: Actor, targetSegmentId: string | null): Promise<string | null> {
  if (!targetSegmentId) return null;
  try {
    await requireUsableSegment(deps.db, actor, targetSegmentId);
    return targetSegmentId;
  } catch {
    return null;
  }
}

async function checkSegment(deps: Deps, actor: Actor, segmentId: string | null | undefined): Promise<void> {
  if (segmentId) await requireUsableSegment(deps.db, actor, segmentId, { path: 'segmentId' });
}

export async function createMailing(deps: Deps, ctx: Ctx, input: z.infer<typeof createMailingBody>): Promise<Mailing> {
  requirePermission(ctx.actor, 'mailing', 'create');
  const campaign = await requireVisibleCampaign(deps.db, ctx.actor, input.campaignId, { path: 'campaignId' });
  if (campaign.campaign.status === 'cancelled' || campaign.campaign.status === 'completed') throw businessRule('mailing.campaignClosed');
  // Not named: the campaign's target segment, if the caller may use it.
  const segmentId = input.segmentId !== undefined ? input.segmentId : await usableTarget(deps, ctx.actor, campaign.campaign.targetSegmentId);
  await checkSegment(deps, ctx.actor, segmentId);
  const subjects = [input.subject, ...input.otherSubjects];
  refuseTemplate(checkTemplate({ subjects, html: input.html, text: input.text }));
  if (subjects.length > 1 && !input.abTest) throw invalid([{ path: 'abTest', key: 'mailing.abTestRequired' }]);
  const id = newId();
  return deps.db.transaction(async (tx) => {
    await q.insertMailing(tx, {
      id,
      campaignId: input.campaignId,
      name: input.name,
      subjects,
      abTest: subjects.length > 1 ? input.abTest : null,
      html: input.html,
      text: input.text,
      fromName: input.fromName,
      replyTo: input.replyTo,
      segmentId: segmentId ?? null,
      contacts: input.contacts,
      tracking: input.tracking,
      ownerId: campaign.campaign.ownerId,
      departmentId: campaign.campaign.departmentId,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const created = await present(tx, id);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'mailing', entityId: id, entityLabel: input.name, after: auditView(created) });
    return created;
  });
}

export async function updateMailing(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateMailingBody>): Promise<Mailing> {
  requirePermission(ctx.actor, 'mailing', 'update');
  const row = await requireVisibleMailing(deps.db, ctx.actor, id);
  const m = row.mailing;
  if (m.status !== 'draft') throw businessRule('mailing.notDraft');
  if (input.segmentId !== undefined && input.segmentId !== m.segmentId) await checkSegment(deps, ctx.actor, input.segmentId);
  const subjects = input.subject !== undefined || input.otherSubjects !== undefined ? [input.subject ?? m.subjects[0] ?? '', ...(input.otherSubjects ?? m.subjects.slice(1))] : m.subjects;
  const html = input.html ?? m.html;
  const text = input.text === undefined ? m.text : input.text;
  refuseTemplate(checkTemplate({ subjects, html, text }));
  const abTest = input.abTest === undefined ? m.abTest : input.abTest;
  if (subjects.length > 1 && !abTest) throw invalid([{ path: 'abTest', key: 'mailing.abTestRequired' }]);
  const before = toMailing(row, undefined);
  return deps.db.transaction(async (tx) => {
    const ok = await q.updateMailing(tx, id, input.version, {
      subjects,
      html,
      text,
      abTest: subjects.length > 1 ? abTest : null,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.fromName !== undefined ? { fromName: input.fromName } : {}),
      ...(input.replyTo !== undefined ? { replyTo: input.replyTo } : {}),
      ...(input.segmentId !== undefined ? { segmentId: input.segmentId } : {}),
      ...(input.contacts !== undefined ? { contacts: input.contacts } : {}),
      ...(input.tracking !== undefined ? { tracking: input.tracking } : {}),
      updatedAt: ctx.now,
    });
    if (!ok) throw versionConflict();
    const after = await present(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'mailing', entityId: id, entityLabel: after.name, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export async function deleteMailing(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'mailing', 'delete');
  const row = await requireVisibleMailing(deps.db, ctx.actor, id);
  if (row.mailing.status !== 'draft' && row.mailing.status !== 'cancelled') throw businessRule('mailing.deleteOnlyDraft');
  await deps.db.transaction(async (tx) => {
    await q.updateMailing(tx, id, row.mailing.version, { deletedAt: ctx.now, updatedAt: ctx.now });
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'mailing', entityId: id, entityLabel: row.mailing.name });
  });
}

/** A random order of the audience (crypto-strong Fisher–Yates): the subject test's sample is its head. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface StartResult {
  mailing: Mailing;
  audience: number;
  recipients: number;
  suppressed: number;
  noAddress: number;
}

/**
 * Starts sending: the segment is evaluated with the campaign owner's scope and snapshotted into
 * the recipients (suppressed addresses skipped, a subject test's sample drawn at random, the rest
 * held), the recipients join the campaign as members, and the sender is asked to begin.
 */
export async function startMailing(deps: Deps, ctx: Ctx, id: string, version: number, origin: string): Promise<StartResult> {
  requirePermission(ctx.actor, 'mailing', 'send');
  const row = await requireVisibleMailing(deps.db, ctx.actor, id);
  const m = row.mailing;
  if (m.status !== 'draft') throw businessRule('mailing.notDraft');
  if (m.version !== version) throw versionConflict();
  if (!deps.config.smtpUrl) throw businessRule('mailing.noSmtp');
  if (!m.segmentId) throw invalid([{ path: 'segmentId', key: 'mailing.segmentRequired' }]);
  const owner = await actorOfUser(deps.db, m.ownerId);
  if (!owner) throw businessRule('mailing.ownerInactive');
  const audience = await segmentRecordIds(deps, { actor: owner, ip: ctx.ip, now: ctx.now }, m.segmentId, MAX_AUDIENCE, 'segmentId');
  if (audience.truncated) throw businessRule('mailing.audienceTooLarge', { max: MAX_AUDIENCE });
  const kind = audience.entity === 'lead' ? 'lead' : 'contact';
  if (!can(owner, kind, 'read')) throw forbidden();
  const compiled = compileMail({ subjects: m.subjects, html: m.html, text: m.text, tracking: m.tracking });

  const result = await deps.db.transaction(async (tx) => {
    const locked = await requireVisibleMailing(tx, ctx.actor, id, { lock: 'update' });
    if (locked.mailing.status !== 'draft') throw businessRule('mailing.notDraft');
    if (locked.mailing.version !== version) throw versionConflict();
    const ids = audience.entity === 'customer' ? await contactsOfCustomers(tx, audience.ids, m.contacts === 'primary') : audience.ids;
    const order = m.abTest ? shuffled(ids) : ids;
    const written = await q.snapshotRecipients(tx, id, kind, order);
    const suppressed = await q.skipSuppressed(tx, id);
    const queued = written - suppressed;
    const split = sampleSplit(queued, m.subjects.length, m.abTest?.samplePercent ?? null);
    await q.assignVariants(tx, id, m.subjects.length, m.subjects.length > 1 ? split.sample : null);
    const records = await q.recipientRecords(tx, id);
    await insertManyMembers(tx, m.campaignId, 'contact', records.contactIds, 'added', 'mailing', ctx.actor.userId, ctx.now);
    await insertManyMembers(tx, m.campaignId, 'lead', records.leadIds, 'added', 'mailing', ctx.actor.userId, ctx.now);
    const noAddress = ids.length - written;
    await q.moveMailing(tx, id, ['draft'], { status: 'sending', startedAt: ctx.now, baseUrl: deps.config.publicUrl ?? origin, links: compiled.links, noAddress, updatedAt: ctx.now });
    await writeAudit(tx, ctx, {
      action: 'update',
      entityType: 'mailing',
      entityId: id,
      entityLabel: m.name,
      before: { status: 'draft' },
      after: { status: 'sending', segment: audience.name, audience: ids.length, recipients: queued, suppressed, noAddress, sample: m.subjects.length > 1 ? split.sample : null },
    });
    return { audience: ids.length, recipients: queued, suppressed, noAddress };
  });
  await kickSender(deps, id);
  return { mailing: await present(deps.db, id), ...result };
}

/** Asks a worker to send now rather than at the next minute's sweep (which sends anyway). */
async function kickSender(deps: Deps, id: string): Promise<void> {
  if (!deps.jobs) return;
  try {
    await deps.jobs.send(mailingSendJob, { mailingId: id });
  } catch {
    // the minute's sweep picks it up
  }
}

const STEPS: Record<'pause' | 'resume' | 'cancel', { from: MailingStatus[]; to: MailingStatus }> = {
  pause: { from: ['sending', 'testing'], to: 'paused' },
  resume: { from: ['paused'], to: 'sending' },
  cancel: { from: ['draft', 'sending', 'paused', 'testing'], to: 'cancelled' },
};

/** Pause (the sender stops within a second), resume, or cancel (what was not sent never will be). */
export async function stepMailing(deps: Deps, ctx: Ctx, id: string, step: keyof typeof STEPS, version: number): Promise<Mailing> {
  requirePermission(ctx.actor, 'mailing', 'send');
  const row = await requireVisibleMailing(deps.db, ctx.actor, id);
  const { from, to } = STEPS[step];
  if (!from.includes(row.mailing.status)) throw businessRule('mailing.step', { from: row.mailing.status, to });
  const after = await deps.db.transaction(async (tx) => {
    if (!(await q.updateMailing(tx, id, version, { status: to, updatedAt: ctx.now, ...(to === 'cancelled' ? { finishedAt: ctx.now } : {}) }))) throw versionConflict();
    if (to === 'cancelled') await q.cancelRemaining(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'mailing', entityId: id, entityLabel: row.mailing.name, before: { status: row.mailing.status }, after: { status: to } });
    return present(tx, id);
  });
  if (to === 'sending') await kickSender(deps, id);
  return after;
}

const SAMPLE_VALUES: Record<string, string> = {
  'contact.name': '张三',
  'contact.title': '采购经理',
  'contact.email': 'zhangsan@example.com',
  'customer.name': '示例科技有限公司',
  'owner.name': '李四',
  'owner.phone': '13800000000',
};

/** The merge values of the contact or lead asked for (one the caller may see), or sample values. */
async function valuesFor(deps: Deps, actor: Actor, who: { contactId?: string | undefined; leadId?: string | undefined }) {
  if (who.contactId) {
    await requireVisibleContact(deps.db, actor, who.contactId, { path: 'contactId' });
    return { sample: false, ...(await q.mergeValuesOf(deps.db, 'contact', who.contactId)) };
  }
  if (who.leadId) {
    await requireVisibleLead(deps.db, actor, who.leadId, { path: 'leadId' });
    return { sample: false, ...(await q.mergeValuesOf(deps.db, 'lead', who.leadId)) };
  }
  return { sample: true, email: null, data: SAMPLE_VALUES };
}

/** The mail as one recipient would get it (links not tracked: a preview opens nothing). */
export async function previewMailing(deps: Deps, ctx: Ctx, id: string, query: z.infer<typeof previewQuery>): Promise<RenderedMail> {
  requirePermission(ctx.actor, 'mailing', 'read');
  const row = await requireVisibleMailing(deps.db, ctx.actor, id);
  const m = row.mailing;
  const who = await valuesFor(deps, ctx.actor, query);
  const compiled = compileMail({ subjects: m.subjects, html: m.html, text: m.text, tracking: false });
  const values = { ...(who.data ?? {}), 'campaign.name': row.campaignName, unsubscribe_url: '#unsubscribe' };
  const index = Math.max(0, VARIANT_KEYS.indexOf(query.variant));
  return {
    subject: renderSubject(compiled.subjects[index] ?? compiled.subjects[0] ?? '', values),
    html: renderTemplate(compiled.html, values, 'html'),
    text: renderTemplate(compiled.text, values, 'text'),
    to: who.email ?? null,
    sample: who.sample,
  };
}

/** A test mail to oneself (or an address given), through the outbox, subject marked [测试]. */
export async function testSend(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof testSendBody>): Promise<{ to: string; queued: boolean }> {
  requirePermission(ctx.actor, 'mailing', 'update');
  const rendered = await previewMailing(deps, ctx, id, { contactId: input.contactId, leadId: input.leadId, variant: input.variant });
  const to = input.to ?? (await q.userEmail(deps.db, ctx.actor.userId));
  if (!to) throw invalid([{ path: 'to', key: 'mailing.noOwnEmail' }]);
  const row = await requireVisibleMailing(deps.db, ctx.actor, id);
  const rows = await deps.db.transaction(async (tx) => {
    const queued = await queueMail(tx, deps.config, [{ to, userId: input.to ? null : ctx.actor.userId, subject: `[测试] ${rendered.subject}`, text: rendered.text, html: rendered.html }], ctx.now);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'mailing', entityId: id, entityLabel: row.mailing.name, after: { testSentTo: to } });
    return queued;
  });
  await kickMail(deps);
  return { to, queued: rows[0]?.status === 'queued' };
}

function toRecipient(r: q.RecipientRow): Recipient {
  return {
    id: r.id,
    email: r.email,
    name: r.data['contact.name'] ?? null,
    companyName: r.data['customer.name'] ?? null,
    contactId: r.contactId,
    leadId: r.leadId,
    variant: r.variant,
    status: r.status,
    skipReason: r.skipReason,
    error: r.error,
    sentAt: r.sentAt?.toISOString() ?? null,
    firstOpenedAt: r.firstOpenedAt?.toISOString() ?? null,
    opens: r.opens,
    firstClickedAt: r.firstClickedAt?.toISOString() ?? null,
    clicks: r.clicks,
    botEvents: r.botEvents,
    unsubscribedAt: r.unsubscribedAt?.toISOString() ?? null,
  };
}

export async function listRecipients(deps: Deps, ctx: Ctx, id: string, query: z.infer<typeof listRecipientsQuery>) {
  requirePermission(ctx.actor, 'mailing', 'read');
  await requireVisibleMailing(deps.db, ctx.actor, id);
  const rows = await q.listRecipients(deps.db, id, { status: query.status, variant: query.variant, engaged: query.engaged, q: query.q || undefined }, query.cursor, query.limit);
  return toPage(rows, query.limit, (r) => [r.seq, r.id], toRecipient);
}

export async function mailingReport(deps: Deps, ctx: Ctx, id: string): Promise<MailingReport> {
  requirePermission(ctx.actor, 'mailing', 'read');
  const row = await requireVisibleMailing(deps.db, ctx.actor, id);
  const m = row.mailing;
  const [counts, variants, links, botEvents] = await Promise.all([q.countsOf(deps.db, [id]), q.variantStats(deps.db, id), q.linkStats(deps.db, id), q.botEventsOf(deps.db, id)]);
  const c = counts.get(id) ?? EMPTY_COUNTS;
  const byLink = new Map(links.map((l) => [l.link, l]));
  return {
    counts: c,
    variants: m.subjects.length > 1
      ? m.subjects.map((subject, i) => {
          const key = VARIANT_KEYS[i] ?? 'A';
          const s = variants.find((v) => v.key === key) ?? { sent: 0, opened: 0, clicked: 0 };
          return { key, subject, sent: s.sent, opened: s.opened, clicked: s.clicked, openRate: rateOf(s.opened, s.sent), clickRate: rateOf(s.clicked, s.sent), winner: m.winner === key };
        })
      : [],
    links: m.links.map((url, index) => ({ index, url, clicks: byLink.get(index)?.clicks ?? 0, recipients: byLink.get(index)?.recipients ?? 0 })),
    openRate: rateOf(c.opened, c.sent),
    clickRate: rateOf(c.clicked, c.sent),
    botEvents,
  };
}

// ---------------------------------------------------------------------------------------------
// Suppression list

function toSuppression(r: Awaited<ReturnType<typeof q.listSuppressions>>[number]): Suppression {
  return { channel: r.channel, address: r.address, reason: r.reason, note: r.note, mailingId: r.mailingId, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() };
}

function suppressionCursor(cursor: string | undefined): { at: Date; address: string } | null {
  if (!cursor) return null;
  try {
    const [at, address] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || typeof address !== 'string') throw new Error('bad');
    return { at: date, address };
  } catch {
    throw invalid([{ path: 'cursor', key: 'validation.cursor' }]);
  }
}

export async function listSuppressions(deps: Deps, ctx: Ctx, query: z.infer<typeof listSuppressionsQuery>) {
  requirePermission(ctx.actor, 'suppression', 'read');
  const rows = await q.listSuppressions(deps.db, { channel: query.channel, reason: query.reason, q: query.q || undefined }, suppressionCursor(query.cursor), query.limit);
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map(toSuppression), nextCursor: more && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.address])).toString('base64url') : null };
}

export async function addSuppressions(deps: Deps, ctx: Ctx, input: z.infer<typeof addSuppressionsBody>): Promise<{ added: number; already: number }> {
  requirePermission(ctx.actor, 'suppression', 'create');
  const addresses = [...new Set(input.addresses.map((a) => a.trim().toLowerCase()))];
  const bad = addresses.findIndex((a) => (input.channel === 'email' ? !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a) : !/^\+?\d{6,20}$/.test(a)));
  if (bad >= 0) throw invalid([{ path: `addresses.${bad}`, key: input.channel === 'email' ? 'mailing.badAddress' : 'mailing.badPhone' }]);
  return deps.db.transaction(async (tx) => {
    const added = await q.suppress(tx, addresses.map((address) => ({ channel: input.channel, address, reason: 'manual' as const, note: input.note, createdBy: ctx.actor.userId, at: ctx.now })));
    await writeAudit(tx, ctx, { action: 'create', entityType: 'suppression', entityId: input.channel, entityLabel: `${input.channel}: ${addresses.slice(0, 3).join(', ')}${addresses.length > 3 ? ' …' : ''}`, after: { channel: input.channel, added, addresses: addresses.join(', '), note: input.note } });
    return { added, already: addresses.length - added };
  });
}

export async function removeSuppression(deps: Deps, ctx: Ctx, channel: SuppressionChannel, address: string): Promise<void> {
  requirePermission(ctx.actor, 'suppression', 'delete');
  const row = await q.findSuppression(deps.db, channel, address);
  if (!row) throw notFound('suppression');
  await deps.db.transaction(async (tx) => {
    if (!(await q.deleteSuppression(tx, channel, address))) throw notFound('suppression');
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'suppression', entityId: `${channel}:${row.address}`, entityLabel: `${channel}: ${row.address}`, before: { reason: row.reason, note: row.note } });
  });
}


/** The merge values of a contact or lead the actor may see (previews of mails and SMS); null when none is named. */
export async function recipientValues(deps: Deps, actor: Actor, who: { contactId?: string | undefined; leadId?: string | undefined }): Promise<Record<string, string | null> | null> {
  if (!who.contactId && !who.leadId) return null;
  return (await valuesFor(deps, actor, who)).data ?? null;
}
