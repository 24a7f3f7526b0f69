import type { z } from 'zod';
import type { createSmsSendBody, listSmsRecipientsQuery, listSmsSendsQuery, SmsCounts, SmsPreviewResult, SmsRecipient, SmsSend, SmsSendStatus, updateSmsSendBody } from '../../../contracts/sms.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { can, type Actor, type Ctx } from '../../platform/access/actor.ts';
import { actorOfUser } from '../../platform/access/actors.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { businessRule, forbidden, invalid, notFound, versionConflict } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { advanceMembers, contactsOfCustomers, insertManyMembers } from '../campaign-members/index.ts';
import { requireVisibleCampaign } from '../campaigns/index.ts';
import { requireUsableSegment, segmentRecordIds } from '../segments/index.ts';
import { isProbableBot, recipientValues, usableTarget } from '../mailings/index.ts';
import { smsSendJob } from './sms.jobs.ts';
import * as q from './sms.queries.ts';
import { checkParams, hookToken, isOptOut, readPush, renderSms, smsParts, templateParams } from './sms.rules.ts';

/**
 * 短信营销: SMS sends of a campaign, seen and kept like their campaign (permission `mailing`,
 * sending `mailing:send`). Starting snapshots the segment (in the campaign owner's scope) into
 * the recipients; the sender job sends; receipts and replies come back through the provider's
 * push; short links count clicks.
 */

const MAX_AUDIENCE = 1_000_000;
const EMPTY: SmsCounts = { recipients: 0, queued: 0, sent: 0, delivered: 0, undelivered: 0, failed: 0, unknown: 0, skipped: 0, clicked: 0, optedOut: 0 };

function toSend(deps: Deps, row: q.SendRow, counts: SmsCounts | undefined): SmsSend {
  const s = row.send;
  return {
    id: s.id,
    campaignId: s.campaignId,
    campaignName: row.campaignName,
    name: s.name,
    signName: s.signName,
    templateCode: s.templateCode,
    text: s.text,
    params: s.params,
    linkUrl: s.linkUrl,
    segmentId: s.segmentId,
    segmentName: row.segmentName,
    contacts: s.contacts,
    status: s.status,
    noAddress: s.noAddress,
    counts: counts ?? EMPTY,
    provider: deps.config.smsUrl ? 'aliyun' : 'log',
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
  };
}

export async function requireVisibleSend(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.SendRow> {
  const row = await q.findSend(db, id, actor, opts.lock);
  if (!row) throw notVisible('smsSend', opts);
  return row;
}

async function present(deps: Deps, db: DbOrTx, id: string): Promise<SmsSend> {
  // UNSCOPED: re-reads the send after the caller's scoped check (or the insert).
  const row = await q.findSend(db, id, UNSCOPED);
  if (!row) throw notFound('smsSend');
  return toSend(deps, row, (await q.countsOf(db, [id])).get(id));
}

const auditView = (s: SmsSend) => ({ name: s.name, signName: s.signName, templateCode: s.templateCode, text: s.text, params: s.params.map((p) => `${p.name}=${p.source}`).join(', '), linkUrl: s.linkUrl, segment: s.segmentName, status: s.status });

function refuse(problems: ReturnType<typeof checkParams>): void {
  if (problems.length > 0) throw invalid(problems.map((p) => ({ path: p.path, key: p.key, ...(p.params ? { params: p.params } : {}) })));
}

export async function listSends(deps: Deps, ctx: Ctx, query: z.infer<typeof listSmsSendsQuery>) {
  requirePermission(ctx.actor, 'mailing', 'read');
  const rows = await q.listSends(deps.db, { viewer: ctx.actor, campaignId: query.campaignId, status: query.status, cursor: query.cursor, limit: query.limit });
  const counts = await q.countsOf(deps.db, rows.slice(0, query.limit).map((r) => r.send.id));
  return toPage(rows, query.limit, (r) => [r.send.createdAt, r.send.id], (r) => toSend(deps, r, counts.get(r.send.id)));
}

export async function getSend(deps: Deps, ctx: Ctx, id: string): Promise<SmsSend> {
  requirePermission(ctx.actor, 'mailing', 'read');
  await requireVisibleSend(deps.db, ctx.actor, id);
  return present(deps, deps.db, id);
}

export async function createSend(deps: Deps, ctx: Ctx, input: z.infer<typeof createSmsSendBody>): Promise<SmsSend> {
  requirePermission(ctx.actor, 'mailing', 'create');
  const campaign = await requireVisibleCampaign(deps.db, ctx.actor, input.campaignId, { path: 'campaignId' });
  if (campaign.campaign.status === 'cancelled' || campaign.campaign.status === 'completed') throw businessRule('mailing.campaignClosed');
  const segmentId = input.segmentId !== undefined ? input.segmentId : await usableTarget(deps, ctx.actor, campaign.campaign.targetSegmentId);
  if (segmentId) await requireUsableSegment(deps.db, ctx.actor, segmentId, { path: 'segmentId' });
  refuse(checkParams(input.text, input.params, input.linkUrl));
  const id = newId();
  return deps.db.transaction(async (tx) => {
    await q.insertSend(tx, { id, ...input, segmentId: segmentId ?? null, ownerId: campaign.campaign.ownerId, departmentId: campaign.campaign.departmentId, createdBy: ctx.actor.userId, createdAt: ctx.now, updatedAt: ctx.now });
    const created = await present(deps, tx, id);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'sms_send', entityId: id, entityLabel: input.name, after: auditView(created) });
    return created;
  });
}

export async function updateSend(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateSmsSendBody>): Promise<SmsSend> {
  requirePermission(ctx.actor, 'mailing', 'update');
  const row = await requireVisibleSend(deps.db, ctx.actor, id);
  const s = row.send;
  if (s.status !== 'draft') throw businessRule('mailing.notDraft');
  if (input.segmentId && input.segmentId !== s.segmentId) await requireUsableSegment(deps.db, ctx.actor, input.segmentId, { path: 'segmentId' });
  refuse(checkParams(input.text ?? s.text, input.params ?? s.params, input.linkUrl === undefined ? s.linkUrl : input.linkUrl));
  const before = toSend(deps, row, undefined);
  const { version, ...values } = input;
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateSend(tx, id, version, { ...values, updatedAt: ctx.now }))) throw versionConflict();
    const after = await present(deps, tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'sms_send', entityId: id, entityLabel: after.name, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export async function deleteSend(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'mailing', 'delete');
  const row = await requireVisibleSend(deps.db, ctx.actor, id);
  if (row.send.status !== 'draft' && row.send.status !== 'cancelled') throw businessRule('mailing.deleteOnlyDraft');
  await deps.db.transaction(async (tx) => {
    await q.updateSend(tx, id, row.send.version, { deletedAt: ctx.now, updatedAt: ctx.now });
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'sms_send', entityId: id, entityLabel: row.send.name });
  });
}

/** Starts sending: the segment in the campaign owner's scope becomes the recipients (numbers on the suppression list skipped). */
export async function startSend(deps: Deps, ctx: Ctx, id: string, version: number, origin: string) {
  requirePermission(ctx.actor, 'mailing', 'send');
  const row = await requireVisibleSend(deps.db, ctx.actor, id);
  const s = row.send;
  if (s.status !== 'draft') throw businessRule('mailing.notDraft');
  if (s.version !== version) throw versionConflict();
  if (!s.segmentId) throw invalid([{ path: 'segmentId', key: 'mailing.segmentRequired' }]);
  const owner = await actorOfUser(deps.db, s.ownerId);
  if (!owner) throw businessRule('mailing.ownerInactive');
  const audience = await segmentRecordIds(deps, { actor: owner, ip: ctx.ip, now: ctx.now }, s.segmentId, MAX_AUDIENCE, 'segmentId');
  if (audience.truncated) throw businessRule('mailing.audienceTooLarge', { max: MAX_AUDIENCE });
  const kind = audience.entity === 'lead' ? 'lead' : 'contact';
  if (!can(owner, kind, 'read')) throw forbidden();
  const result = await deps.db.transaction(async (tx) => {
    const locked = await requireVisibleSend(tx, ctx.actor, id, { lock: 'update' });
    if (locked.send.status !== 'draft' || locked.send.version !== version) throw versionConflict();
    const ids = audience.entity === 'customer' ? await contactsOfCustomers(tx, audience.ids, s.contacts === 'primary') : audience.ids;
    const written = await q.snapshotRecipients(tx, id, kind, ids);
    const suppressed = await q.skipSuppressed(tx, id);
    const records = await q.recipientRecords(tx, id);
    await insertManyMembers(tx, s.campaignId, 'contact', records.contactIds, 'added', 'mailing', ctx.actor.userId, ctx.now);
    await insertManyMembers(tx, s.campaignId, 'lead', records.leadIds, 'added', 'mailing', ctx.actor.userId, ctx.now);
    const noAddress = ids.length - written;
    await q.moveSend(tx, id, ['draft'], { status: 'sending', startedAt: ctx.now, baseUrl: deps.config.publicUrl ?? origin, noAddress, updatedAt: ctx.now });
    await writeAudit(tx, ctx, { action: 'update', entityType: 'sms_send', entityId: id, entityLabel: s.name, before: { status: 'draft' }, after: { status: 'sending', segment: audience.name, audience: ids.length, recipients: written - suppressed, suppressed, noAddress } });
    return { audience: ids.length, recipients: written - suppressed, suppressed, noAddress };
  });
  await kick(deps, id);
  return { send: await present(deps, deps.db, id), ...result };
}

async function kick(deps: Deps, id: string): Promise<void> {
  if (!deps.jobs) return;
  try {
    await deps.jobs.send(smsSendJob, { sendId: id });
  } catch {
    // the minute's run picks it up
  }
}

const STEPS: Record<'pause' | 'resume' | 'cancel', { from: SmsSendStatus[]; to: SmsSendStatus }> = {
  pause: { from: ['sending'], to: 'paused' },
  resume: { from: ['paused'], to: 'sending' },
  cancel: { from: ['draft', 'sending', 'paused'], to: 'cancelled' },
};

export async function stepSend(deps: Deps, ctx: Ctx, id: string, step: keyof typeof STEPS, version: number): Promise<SmsSend> {
  requirePermission(ctx.actor, 'mailing', 'send');
  const row = await requireVisibleSend(deps.db, ctx.actor, id);
  const { from, to } = STEPS[step];
  if (!from.includes(row.send.status)) throw businessRule('mailing.step', { from: row.send.status, to });
  const after = await deps.db.transaction(async (tx) => {
    if (!(await q.updateSend(tx, id, version, { status: to, updatedAt: ctx.now, ...(to === 'cancelled' ? { finishedAt: ctx.now } : {}) }))) throw versionConflict();
    if (to === 'cancelled') await q.cancelRemaining(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'sms_send', entityId: id, entityLabel: row.send.name, before: { status: row.send.status }, after: { status: to } });
    return present(deps, tx, id);
  });
  if (to === 'sending') await kick(deps, id);
  return after;
}

const SAMPLE: Record<string, string> = { 'contact.name': '张三', 'customer.name': '示例科技有限公司', 'owner.name': '李四', 'owner.phone': '13800000000' };

/** The message as one contact or lead (or sample values) would get it, with its length and billed parts. */
export async function previewSend(deps: Deps, ctx: Ctx, id: string, who: { contactId?: string | undefined; leadId?: string | undefined }): Promise<SmsPreviewResult> {
  requirePermission(ctx.actor, 'mailing', 'read');
  const row = await requireVisibleSend(deps.db, ctx.actor, id);
  const s = row.send;
  const values = await recipientValues(deps, ctx.actor, who);
  const params = templateParams(s.params, { ...(values ?? SAMPLE), 'campaign.name': row.campaignName, short_link: `${deps.config.publicUrl ?? 'https://crm.example.com'}/s/AbCdEfGh23` });
  const text = renderSms(s.signName, s.text, params);
  return { text, params, length: [...text].length, parts: smsParts(text) };
}

function toRecipient(r: q.RecipientRow): SmsRecipient {
  return {
    id: r.id,
    phone: r.phone,
    name: r.data['contact.name'] ?? null,
    companyName: r.data['customer.name'] ?? null,
    contactId: r.contactId,
    leadId: r.leadId,
    status: r.status,
    error: r.error,
    sentAt: r.sentAt?.toISOString() ?? null,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    clicks: r.clicks,
    firstClickedAt: r.firstClickedAt?.toISOString() ?? null,
    optedOutAt: r.optedOutAt?.toISOString() ?? null,
  };
}

export async function listRecipients(deps: Deps, ctx: Ctx, id: string, query: z.infer<typeof listSmsRecipientsQuery>) {
  requirePermission(ctx.actor, 'mailing', 'read');
  await requireVisibleSend(deps.db, ctx.actor, id);
  const rows = await q.listRecipients(deps.db, id, { status: query.status, q: query.q || undefined }, query.cursor, query.limit);
  return toPage(rows, query.limit, (r) => [r.seq, r.id], toRecipient);
}

export function smsSettings(deps: Deps, ctx: Ctx, origin: string) {
  requirePermission(ctx.actor, 'setting', 'update');
  return { provider: deps.config.smsUrl ? ('aliyun' as const) : ('log' as const), pushUrl: `${deps.config.publicUrl ?? origin}/hooks/sms/${hookToken(deps.appSecret)}` };
}

// ---------------------------------------------------------------------------------------------
// The public side: short links and the provider's push

/** A short link: counts the click (bots apart, the member moves to 已点击) and says where to go. */
export async function followShortLink(deps: Deps, code: string, userAgent: string | undefined): Promise<string | null> {
  if (!/^[A-Za-z0-9]{6,16}$/.test(code)) return null;
  const link = await q.shortLink(deps.db, code);
  if (!link?.url) return null;
  const at = deps.clock.now();
  const bot = isProbableBot({ kind: 'click', userAgent, sentAt: link.sentAt, at });
  await q.recordClick(deps.db, link.id, at, bot);
  if (!bot && !link.firstClickedAt) await advanceMembers(deps.db, link.campaignId, { contactIds: link.contactId ? [link.contactId] : [], leadIds: link.leadId ? [link.leadId] : [] }, 'clicked', at);
  return link.url;
}

/** The provider's push (receipts, replies) to /hooks/sms/<token>; a wrong token learns nothing. */
export async function receivePush(deps: Deps, token: string, body: unknown): Promise<boolean> {
  if (token !== hookToken(deps.appSecret)) return false;
  const { receipts, replies } = readPush(body);
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await q.applyReceipts(tx, receipts);
    for (const r of replies) if (isOptOut(r.content)) await q.applyOptOut(tx, r.phone, at);
  });
  return true;
}
