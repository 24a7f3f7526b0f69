import type { z } from 'zod';
import type { AddMembersResult, addMembersBody, addSegmentMembersBody, campaignTargetBody, CampaignMember, listMembersQuery, MemberStatus, MemberSummary, updateMemberBody } from '../../../contracts/campaigns.ts';
import { MAX_MEMBERS_FROM_SEGMENT, MEMBER_STATUSES } from '../../../contracts/campaigns.ts';
import { can, type Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { writeAudit, writeAuditMany } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { requireVisibleCampaign, writeTargetSegment } from '../campaigns/index.ts';
import { requireUsableSegment, segmentRecordIds } from '../segments/index.ts';
import * as q from './campaign-members.queries.ts';

/**
 * 活动成员: the contacts and leads of a campaign and how they responded. A member is shown to
 * those who see the campaign and the member's record (a contact through its customer, a lead
 * by the lead rules): a marketer counts and sees only members in their data scope. Leads join
 * their campaign by themselves (a trigger on leads, migration 0045).
 */

export function toMember(row: q.MemberRow): CampaignMember {
  const m = row.member;
  const isContact = m.contactId !== null;
  return {
    id: m.id,
    kind: isContact ? 'contact' : 'lead',
    contactId: m.contactId,
    leadId: m.leadId,
    name: (isContact ? row.contactName : row.leadName) ?? '',
    companyName: isContact ? row.customerName : row.leadCompany,
    customerId: isContact ? row.customerId : null,
    title: isContact ? row.contactTitle : row.leadTitle,
    status: m.status,
    statusAt: m.statusAt.toISOString(),
    source: m.source,
    addedAt: m.addedAt.toISOString(),
    addedByName: row.addedByName,
  };
}

export async function listMembers(deps: Deps, ctx: Ctx, campaignId: string, query: z.infer<typeof listMembersQuery>) {
  requirePermission(ctx.actor, 'campaign', 'read');
  await requireVisibleCampaign(deps.db, ctx.actor, campaignId);
  const rows = await q.listMembers(deps.db, { campaignId, viewer: ctx.actor, filters: { status: query.status, kind: query.kind, q: query.q || undefined }, cursor: query.cursor, limit: query.limit });
  return toPage(rows, query.limit, (r) => [r.member.addedAt, r.member.id], toMember);
}

export async function memberSummary(deps: Deps, ctx: Ctx, campaignId: string): Promise<MemberSummary> {
  requirePermission(ctx.actor, 'campaign', 'read');
  await requireVisibleCampaign(deps.db, ctx.actor, campaignId);
  const counts = await q.memberCounts(deps.db, campaignId, ctx.actor);
  const byStatus = Object.fromEntries(MEMBER_STATUSES.map((s) => [s, 0])) as Record<MemberStatus, number>;
  let contacts = 0;
  let leads = 0;
  for (const c of counts) {
    byStatus[c.status] += c.contacts + c.leads;
    contacts += c.contacts;
    leads += c.leads;
  }
  return { total: contacts + leads, byStatus, contacts, leads };
}

/**
 * Adds contacts and leads the caller may see to the campaign; members already in it keep their
 * status. Ids the caller cannot see are counted, not named (so ids cannot be probed).
 */
export async function addMembers(deps: Deps, ctx: Ctx, campaignId: string, input: z.infer<typeof addMembersBody>): Promise<AddMembersResult> {
  requirePermission(ctx.actor, 'campaign', 'update');
  const contactIds = [...new Set(input.contactIds)];
  const leadIds = [...new Set(input.leadIds)];
  return deps.db.transaction(async (tx) => {
    const campaign = await requireVisibleCampaign(tx, ctx.actor, campaignId, { lock: 'key share' });
    const contacts = can(ctx.actor, 'contact', 'read') ? await q.visibleContactIds(tx, contactIds, ctx.actor) : [];
    const leads = can(ctx.actor, 'lead', 'read') ? await q.visibleLeadIds(tx, leadIds, ctx.actor) : [];
    const base = { campaignId, status: input.status, source: 'manual' as const, addedBy: ctx.actor.userId, at: ctx.now };
    const added = await q.insertMembers(tx, [...contacts.map((contactId) => ({ ...base, contactId })), ...leads.map((leadId) => ({ ...base, leadId }))]);
    await writeAuditMany(
      tx,
      ctx,
      added.map((m) => ({
        action: 'create' as const,
        entityType: 'campaign_member' as const,
        entityId: m.id,
        entityLabel: campaign.campaign.name,
        after: { campaignId, contactId: m.contactId, leadId: m.leadId, status: input.status },
      })),
    );
    const visible = contacts.length + leads.length;
    return { added: added.length, alreadyMembers: visible - added.length, notVisible: contactIds.length + leadIds.length - visible };
  });
}

async function visibleMember(deps: Deps, ctx: Ctx, campaignId: string, memberId: string): Promise<q.MemberRow> {
  const row = await q.findMember(deps.db, campaignId, memberId, ctx.actor);
  if (!row) throw notFound('campaignMember');
  return row;
}

/** Sets a member's response by hand (any status: a user knows better than the tracking). */
export async function updateMember(deps: Deps, ctx: Ctx, campaignId: string, memberId: string, input: z.infer<typeof updateMemberBody>): Promise<CampaignMember> {
  requirePermission(ctx.actor, 'campaign', 'update');
  const campaign = await requireVisibleCampaign(deps.db, ctx.actor, campaignId);
  const before = await visibleMember(deps, ctx, campaignId, memberId);
  return deps.db.transaction(async (tx) => {
    await q.setMemberStatus(tx, memberId, input.status, ctx.now);
    const after = await q.findMember(tx, campaignId, memberId, ctx.actor);
    if (!after) throw notFound('campaignMember');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'campaign_member', entityId: memberId, entityLabel: `${campaign.campaign.name} · ${toMember(after).name}`, before: { status: before.member.status }, after: { status: input.status } });
    return toMember(after);
  });
}

export async function removeMember(deps: Deps, ctx: Ctx, campaignId: string, memberId: string): Promise<void> {
  requirePermission(ctx.actor, 'campaign', 'update');
  const campaign = await requireVisibleCampaign(deps.db, ctx.actor, campaignId);
  const before = await visibleMember(deps, ctx, campaignId, memberId);
  const m = toMember(before);
  await deps.db.transaction(async (tx) => {
    await q.deleteMember(tx, memberId);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'campaign_member', entityId: memberId, entityLabel: `${campaign.campaign.name} · ${m.name}`, before: { campaignId, contactId: m.contactId, leadId: m.leadId, status: m.status } });
  });
}

/**
 * Adds the records a segment selects now (in the caller's scope) as members: its contacts or
 * leads, or for a segment of customers their primary (or all) contacts. One audit entry for the
 * whole addition, naming the segment and the count.
 */
export async function addMembersFromSegment(deps: Deps, ctx: Ctx, campaignId: string, input: z.infer<typeof addSegmentMembersBody>): Promise<AddMembersResult> {
  requirePermission(ctx.actor, 'campaign', 'update');
  const campaign = await requireVisibleCampaign(deps.db, ctx.actor, campaignId);
  const audience = await segmentRecordIds(deps, ctx, input.segmentId, MAX_MEMBERS_FROM_SEGMENT, 'segmentId');
  if (audience.truncated) throw new AppError('BUSINESS_RULE', { key: 'campaign.segmentTooLarge', params: { max: MAX_MEMBERS_FROM_SEGMENT } });
  const kind = audience.entity === 'lead' ? 'lead' : 'contact';
  if (!can(ctx.actor, kind, 'read')) throw forbidden();
  return deps.db.transaction(async (tx) => {
    await requireVisibleCampaign(tx, ctx.actor, campaignId, { lock: 'key share' });
    const ids = audience.entity === 'customer' ? await q.contactsOfCustomers(tx, audience.ids, input.contacts === 'primary') : audience.ids;
    const added = await q.insertManyMembers(tx, campaignId, kind, ids, input.status, 'segment', ctx.actor.userId, ctx.now);
    await writeAudit(tx, ctx, {
      action: 'create',
      entityType: 'campaign_member',
      entityId: campaignId,
      entityLabel: `${campaign.campaign.name} ← ${audience.name}`,
      after: { segment: audience.name, added, status: input.status },
    });
    return { added, alreadyMembers: ids.length - added, notVisible: 0 };
  });
}

/**
 * Sets the campaign's target segment (目标人群), or clears it: a segment or static list the caller
 * may use. Here rather than in campaigns, which sit below segments.
 */
export async function setCampaignTarget(deps: Deps, ctx: Ctx, campaignId: string, input: z.infer<typeof campaignTargetBody>) {
  requirePermission(ctx.actor, 'campaign', 'update');
  await requireVisibleCampaign(deps.db, ctx.actor, campaignId);
  const segment = input.segmentId ? (await requireUsableSegment(deps.db, ctx.actor, input.segmentId, { path: 'segmentId' })).segment : null;
  return deps.db.transaction(async (tx) => writeTargetSegment(tx, ctx, campaignId, input.version, segment ? { id: segment.id, name: segment.name } : null));
}
