import type { z } from 'zod';
import type { LeadStatus, SalesRegion } from '../../../contracts/vocabulary.ts';
import type { assignLeadBody, convertLeadBody, createLeadBody, Lead, leadAssigneesQuery, listLeadsQuery, updateLeadBody } from '../../../contracts/leads.ts';
import type { DbOrTx } from '../../db/client.ts';
import { can, type Actor, type Ctx } from '../../platform/access/actor.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { fewMatches } from '../../platform/search/candidates.ts';
import { AppError, businessRule, invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { nextSequence } from '../../platform/numbering/sequences.ts';
import { numberDateParts, numberPattern, renderNumber, sequenceScopeKey } from '../numbering/index.ts';
import { activeIndustry, formatPhone, insertCustomer, normaliseCompanyName, normaliseEmail, normalisePhone, prepareCustomer, recordFirstTouchCampaign, regionOf, requireVisibleCustomer } from '../customers/index.ts';
import { insertContact } from '../contacts/index.ts';
import { notify } from '../notifications/index.ts';
import { assignByRules } from './assignment.service.ts';
import { attachLeadTimelineToCustomer, publishTimeline } from '../../platform/timeline/timeline.ts';
import { placeableUsers, placeWithUser, type PlaceableUser } from '../../platform/access/placement.ts';
import { activeSourceChannel } from '../catalog/index.ts';
import { campaignNames, requireAttributableCampaign } from '../campaigns/index.ts';
import * as q from './leads.queries.ts';
import { canTransition, convertBlocker, initialLeadStatus, LEAD_TRANSITIONS, mergeLeadSources, resolveLeadGrade, slaState } from './leads.rules.ts';

/**
 * Salespeople see the leads they own; managers and marketing their department subtree; whoever
 * assigns leads also the unassigned ones waiting; everyone the leads they registered (read only).
 * The rules are in leads.queries.ts (`leadViewerScope`).
 */

/**
 * The lead as answered. A source's campaign is named from `names` (the lead's page reads them all)
 * or, elsewhere, when it is the lead's own campaign (lists do not look the others up).
 */
function toLead(row: q.LeadRow, ctx: Pick<Ctx, 'actor' | 'now'>, names?: ReadonlyMap<string, string>): Lead {
  const now = ctx.now;
  const l = row.lead;
  const nameOf = (id: string | null | undefined) => (!id ? null : (names?.get(id) ?? (id === l.campaignId ? row.campaignName : null)));
  const sla = slaState({ grade: l.grade, status: l.status, registeredAt: l.registeredAt, gradedAt: l.gradedAt, assignedAt: l.assignedAt }, now);
  return {
    id: l.id,
    number: l.number,
    legacyNumber: l.legacyNumber,
    channel: l.channel,
    sources: l.sources.map((s) => ({ channel: s.channel, detail: s.detail, at: s.at, campaignId: s.campaignId ?? null, campaignName: nameOf(s.campaignId) })),
    campaignId: l.campaignId,
    campaignName: row.campaignName,
    companyName: l.companyName,
    contactName: l.contactName,
    title: l.title,
    phone: l.phone ? { e164: l.phone, display: formatPhone(l.phone) } : null,
    email: l.email,
    needs: l.needs,
    provinceCode: l.provinceCode,
    region: l.region,
    industryCode: l.industryCode,
    criteria: { needMatch: l.needMatch, budget: l.budget, authority: l.authority },
    computedGrade: l.computedGrade,
    grade: l.grade,
    gradeOverrideReason: l.gradeOverrideReason,
    status: l.status,
    ownerId: l.ownerId,
    ownerName: row.ownerName,
    departmentId: l.departmentId,
    departmentName: row.departmentName,
    assignedAt: l.assignedAt?.toISOString() ?? null,
    registeredAt: l.registeredAt.toISOString(),
    sla:
      sla.kind === 'none'
        ? { kind: 'none' }
        : sla.kind === 'pending'
          ? { kind: 'pending', deadline: sla.deadline.toISOString(), remainingMs: sla.remainingMs }
          : sla.kind === 'overdue'
            ? { kind: 'overdue', deadline: sla.deadline.toISOString(), overdueMs: sla.overdueMs }
            : sla.kind === 'met'
              ? { kind: 'met', deadline: sla.deadline.toISOString() }
              : { kind: 'missed', deadline: sla.deadline.toISOString(), lateByMs: sla.lateByMs },
    slaBreachedAt: l.slaBreachedAt?.toISOString() ?? null,
    customerId: l.customerId,
    convertedAt: l.convertedAt?.toISOString() ?? null,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
    version: l.version,
    access: q.leadAccessOf(ctx.actor, l),
  };
}

function auditView(l: Lead) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, sla: _s, slaBreachedAt: _b, ownerName: _o, departmentName: _d, access: _a, campaignId: _k, phone, ...rest } = l;
  return { ...rest, phone: phone?.e164 ?? null };
}

export async function listLeads(deps: Deps, ctx: Ctx, query: z.infer<typeof listLeadsQuery>) {
  requirePermission(ctx.actor, 'lead', 'read');
  const sort = q.leadSortKey(query.sort);
  const matchIds = query.q ? await fewMatches(deps.db, q.leadSearchBranches(query.q)) : null;
  const filters = q.leadFilterConditions(query, ctx.now, matchIds ?? undefined);
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listLeads(deps.db, { viewer: ctx.actor, filters, sort, cursor: query.cursor, limit: query.limit }), () =>
    q.countLeads(deps.db, { viewer: ctx.actor, filters, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => q.leadSortValue(r, query.sort), (r) => toLead(r, ctx)), ...total };
}

/**
 * The lead `id` if `actor` reaches it for `opts.access` (default `write`: in scope; see
 * `LeadAccess`) and it is not deleted, else 404 — or with `opts.path` (a lead named in a request
 * body) the 400 of a missing reference, which also refuses a lead merged into another: nothing
 * new is attached to a tombstone (see FindOptions).
 */
export async function requireVisibleLead(db: DbOrTx, actor: Actor, id: string, opts: FindOptions & { access?: q.LeadAccess } = {}): Promise<q.LeadRow> {
  const row = await q.findLead(db, id, actor, opts.lock, opts.access);
  if (!row || (opts.path && row.lead.mergedIntoId)) throw notVisible('lead', opts);
  return row;
}

export async function getLead(deps: Deps, ctx: Ctx, id: string): Promise<Lead> {
  requirePermission(ctx.actor, 'lead', 'read');
  const row = await requireVisibleLead(deps.db, ctx.actor, id, { access: 'read' });
  const ids = [...new Set(row.lead.sources.flatMap((s) => (s.campaignId ? [s.campaignId] : [])))];
  return toLead(row, ctx, ids.length > 0 ? await campaignNames(deps.db, ids) : undefined);
}

function normaliseContact(input: { phone?: string | null | undefined; email?: string | null | undefined }) {
  const problems: ErrorDetail[] = [];
  let phone: string | null | undefined = input.phone === undefined ? undefined : null;
  if (input.phone) {
    const result = normalisePhone(input.phone);
    if (result.ok) phone = result.e164;
    else problems.push({ path: 'phone', key: `phone.${result.reason}` });
  }
  const email = input.email === undefined ? undefined : input.email ? normaliseEmail(input.email) : null;
  return { problems, phone, email };
}

/** Province (which sets the region), region and industry: what assignment rules match on. */
async function checkTraits(db: DbOrTx, input: { provinceCode?: string | null | undefined; region?: SalesRegion | null | undefined; industryCode?: string | null | undefined }) {
  const problems: ErrorDetail[] = [];
  const traits: { provinceCode?: string | null; region?: SalesRegion | null; industryCode?: string | null } = {};
  if (input.provinceCode) {
    const region = regionOf(input.provinceCode);
    if (region) Object.assign(traits, { provinceCode: input.provinceCode, region });
    else problems.push({ path: 'provinceCode', key: 'validation.divisionCode' });
  } else if (input.provinceCode === null) {
    Object.assign(traits, { provinceCode: null, region: input.region ?? null });
  } else if (input.region !== undefined) traits.region = input.region;
  if (input.industryCode && !(await activeIndustry(db, input.industryCode))) problems.push({ path: 'industryCode', key: 'NOT_FOUND', params: { entity: 'industry' } });
  if (input.industryCode !== undefined) traits.industryCode = input.industryCode;
  return { problems, traits };
}

/**
 * The owner a lead is handed to: an active user inside the assigner's scope, or a lead manager
 * (holds `lead:assign`) of any team, who passes it on in theirs — so marketing can hand a lead
 * to sales without reaching the salespeople. `GET /leads/assignees` lists the same people.
 */
export const LEAD_HANDOVER = { orHolding: 'lead:assign' } as const;
async function placeOwner(db: DbOrTx, actor: Actor, ownerId: string) {
  const placed = await placeWithUser(db, actor, ownerId, 'ownerId', LEAD_HANDOVER);
  return { id: placed.userId, departmentId: placed.departmentId };
}

/**
 * Registers a lead. The same prospect arriving again (same phone, e-mail, or company and
 * contact) is merged into the open lead instead: the new channel is added to its sources and
 * empty fields are filled, so one prospect is one lead whatever the number of channels.
 */
export async function createLead(deps: Deps, ctx: Ctx, input: z.infer<typeof createLeadBody>): Promise<{ merged: boolean; lead: Lead | null }> {
  const { merged, lead } = await registerLead(deps, ctx, input);
  return { merged, lead };
}

/** What registering a lead did, with its id even when the caller may not read the lead it merged into. */
export interface Registered {
  merged: boolean;
  lead: Lead | null;
  leadId: string;
  number: string;
}

/**
 * Registers a lead (createLead's rules: a prospect already a lead gets this channel as a new
 * source, else a new lead graded, assigned by the rules and its owner told). `within` runs in the
 * same transaction once the lead is written, so a caller's own record of it (a form submission)
 * commits or rolls back with it.
 */
export async function registerLead(
  deps: Deps,
  ctx: Ctx,
  input: z.infer<typeof createLeadBody>,
  within?: (tx: DbOrTx, registered: Registered) => Promise<void>,
): Promise<Registered> {
  requirePermission(ctx.actor, 'lead', 'create');
  const { problems, phone, email } = normaliseContact(input);
  const { problems: traitProblems, traits } = await checkTraits(deps.db, input);
  if (!(await activeSourceChannel(deps.db, input.channel))) traitProblems.push({ path: 'channel', key: 'NOT_FOUND', params: { entity: 'sourceChannel' } });
  if (problems.length + traitProblems.length > 0) throw invalid([...problems, ...traitProblems]);
  const assignTo = input.ownerId ?? null;
  if (assignTo && assignTo !== ctx.actor.userId && !can(ctx.actor, 'lead', 'assign')) throw new AppError('FORBIDDEN');
  const owner = assignTo ? await placeOwner(deps.db, ctx.actor, assignTo) : null;
  const companyKey = input.companyName ? normaliseCompanyName(input.companyName).key || null : null;
  const source: q.StoredLeadSource = { channel: input.channel, detail: input.sourceDetail ?? null, at: ctx.now.toISOString() };
  const criteria = { needMatch: input.criteria?.needMatch ?? 'unclear', budget: input.criteria?.budget ?? 'unclear', authority: input.criteria?.authority ?? 'unclear' } as const;
  const resolved = resolveLeadGrade(criteria, input.gradeOverride ?? null);

  return deps.db.transaction(async (tx) => {
    // Any live campaign that is not cancelled, whoever owns it (held until the lead is written).
    const campaign = input.campaignId ? await requireAttributableCampaign(tx, input.campaignId, 'campaignId') : null;
    if (campaign) source.campaignId = campaign.id;
    // Serialise registrations of one prospect so two channels arriving at once still merge.
    await q.lockProspect(tx, `lead:${phone ?? email ?? `${companyKey}:${input.contactName}`}`);
    const same = await q.findSameProspect(tx, { phone: phone ?? null, email: email ?? null, companyKey, contactName: input.contactName });
    if (same) {
      const sources = mergeLeadSources(
        same.sources.map((s) => ({ ...s, at: new Date(s.at) })),
        [{ ...source, at: ctx.now }],
      ).map((s) => ({ ...s, at: s.at.toISOString() }));
      const fill: q.LeadValues = { sources, updatedAt: ctx.now };
      // The lead's campaign is its first campaign: one that came through none before gets this one.
      if (!same.campaignId && campaign) fill.campaignId = campaign.id;
      if (!same.companyName && input.companyName) Object.assign(fill, { companyName: input.companyName, companyKey });
      if (!same.phone && phone) fill.phone = phone;
      if (!same.email && email) fill.email = email;
      if (!same.title && input.title) fill.title = input.title;
      if (!same.needs && input.needs) fill.needs = input.needs;
      if (!same.region && traits.region) Object.assign(fill, { provinceCode: traits.provinceCode ?? null, region: traits.region });
      if (!same.industryCode && traits.industryCode) fill.industryCode = traits.industryCode;
      if (!(await q.updateLead(tx, same.id, same.version, fill))) throw versionConflict();
      // UNSCOPED: re-reads the lead this transaction just wrote (after the scoped check or the insert).
      const row = await q.findLead(tx, same.id, UNSCOPED);
      if (!row) throw notFound('lead');
      await writeAudit(tx, ctx, {
        action: 'update',
        entityType: 'lead',
        entityId: same.id,
        entityLabel: same.number,
        before: { sources: same.sources.map((s) => s.channel), ...(fill.campaignId ? { campaignName: null } : {}) },
        after: { sources: sources.map((s) => s.channel), ...(fill.campaignId ? { campaignName: campaign?.name } : {}) },
      });
      const visible = await q.findLead(tx, same.id, ctx.actor, undefined, 'read');
      const registered = { merged: true, lead: visible ? toLead(visible, ctx) : null, leadId: same.id, number: same.number };
      await within?.(tx, registered);
      return registered;
    }

    const pattern = await numberPattern(tx, 'lead');
    const values = numberDateParts(ctx.now, deps.config.timeZone);
    const number = renderNumber(pattern, values, await nextSequence(tx, sequenceScopeKey('lead', pattern, values)));
    // Nobody named and worth a salesperson's time (C leads wait in the nurture pool): the rules decide.
    const byRule = !owner && resolved.grade !== 'C' ? await assignByRules(tx, { region: traits.region ?? null, industryCode: traits.industryCode ?? null, channel: input.channel }) : null;
    const ownerId = owner?.id ?? byRule?.ownerId ?? null;
    const id = await q.insertLead(tx, {
      number,
      channel: input.channel,
      sources: [source],
      campaignId: campaign?.id ?? null,
      companyName: input.companyName ?? null,
      companyKey,
      contactName: input.contactName,
      title: input.title ?? null,
      phone: phone ?? null,
      email: email ?? null,
      needs: input.needs ?? null,
      provinceCode: traits.provinceCode ?? null,
      region: traits.region ?? null,
      industryCode: traits.industryCode ?? null,
      ...criteria,
      computedGrade: resolved.computed,
      grade: resolved.grade,
      gradeOverrideReason: resolved.overrideReason,
      gradedAt: ctx.now,
      status: initialLeadStatus(resolved.grade, ownerId !== null),
      ownerId,
      departmentId: owner ? owner.departmentId : byRule ? byRule.departmentId : ctx.actor.departmentId,
      assignedAt: ownerId ? ctx.now : null,
      registeredAt: ctx.now,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    // UNSCOPED: re-reads the lead this transaction just wrote (after the scoped check or the insert).
    const row = await q.findLead(tx, id, UNSCOPED);
    if (!row) throw notFound('lead');
    const created = toLead(row, ctx);
    await writeAudit(tx, ctx, {
      action: 'create',
      entityType: 'lead',
      entityId: id,
      entityLabel: `${number} ${input.contactName}`,
      after: { ...auditView(created), ...(byRule ? { assignmentRule: byRule.ruleName } : {}) },
    });
    if (ownerId && ownerId !== ctx.actor.userId) await notifyLeadAssigned(tx, ownerId, row.lead, byRule?.ruleName ?? ctx.actor.displayName, ctx.now);
    const visible = await q.findLead(tx, id, ctx.actor, undefined, 'read');
    const registered = { merged: false, lead: visible ? created : null, leadId: id, number };
    await within?.(tx, registered);
    return registered;
  });
}

export async function updateLead(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateLeadBody>): Promise<Lead> {
  requirePermission(ctx.actor, 'lead', 'update');
  const beforeRow = await requireVisibleLead(deps.db, ctx.actor, id);
  const b = beforeRow.lead;
  const { problems, phone, email } = normaliseContact(input);
  const { problems: traitProblems, traits } = await checkTraits(deps.db, input);
  // The channel it already has may have been retired since; only a change must name one in use.
  const newChannel = input.channel !== undefined && input.channel !== b.channel ? input.channel : null;
  if (newChannel && !(await activeSourceChannel(deps.db, newChannel))) traitProblems.push({ path: 'channel', key: 'NOT_FOUND', params: { entity: 'sourceChannel' } });
  if (problems.length + traitProblems.length > 0) throw invalid([...problems, ...traitProblems]);
  if (b.status === 'converted') throw businessRule('lead.converted');
  const values: q.LeadValues = { updatedAt: ctx.now };
  for (const key of ['contactName', 'title', 'needs'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  if (input.companyName !== undefined) Object.assign(values, { companyName: input.companyName, companyKey: input.companyName ? normaliseCompanyName(input.companyName).key || null : null });
  if (phone !== undefined) values.phone = phone;
  if (email !== undefined) values.email = email;
  Object.assign(values, traits);
  if (newChannel) {
    // A correction of how the lead came in: its first source is that registration, so it follows.
    values.channel = newChannel;
    values.sources = b.sources.map((s, i) => (i === 0 ? { ...s, channel: newChannel } : s));
  }

  const criteria = { needMatch: input.criteria?.needMatch ?? b.needMatch, budget: input.criteria?.budget ?? b.budget, authority: input.criteria?.authority ?? b.authority };
  const override = input.gradeOverride === undefined ? (b.gradeOverrideReason ? { grade: b.grade, reason: b.gradeOverrideReason } : null) : input.gradeOverride;
  const resolved = resolveLeadGrade(criteria, override);
  Object.assign(values, criteria, { computedGrade: resolved.computed, grade: resolved.grade, gradeOverrideReason: resolved.overrideReason });
  if (resolved.grade === 'A' && b.grade !== 'A') values.gradedAt = ctx.now;

  let status: LeadStatus = input.status ?? b.status;
  if (input.status !== undefined && input.status !== b.status) {
    if (input.status === 'converted') throw businessRule('lead.convertThroughConversion');
    if (!canTransition(b.status, input.status)) {
      throw businessRule('lead.transition', { from: b.status, to: input.status, allowed: LEAD_TRANSITIONS[b.status].join(', ') || '—' });
    }
  }
  // A lead that falls to C waits in the nurture pool instead of a salesperson's queue.
  if (input.status === undefined && resolved.grade === 'C' && b.grade !== 'C' && canTransition(b.status, 'nurture')) status = 'nurture';
  values.status = status;

  return deps.db.transaction(async (tx) => {
    if (input.campaignId !== undefined && input.campaignId !== b.campaignId) {
      // A correction of the campaign it came through: its first source, like the channel.
      const campaign = input.campaignId ? await requireAttributableCampaign(tx, input.campaignId, 'campaignId') : null;
      values.campaignId = campaign?.id ?? null;
      values.sources = (values.sources ?? b.sources).map((s, i) => (i === 0 ? { ...s, campaignId: campaign?.id ?? null } : s));
    }
    if (!(await q.updateLead(tx, id, input.version, values))) throw versionConflict();
    // UNSCOPED: re-reads the lead this transaction just wrote (after the scoped check or the insert).
    const row = await q.findLead(tx, id, UNSCOPED);
    if (!row) throw notFound('lead');
    const after = toLead(row, ctx);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'lead', entityId: id, entityLabel: b.number, before: auditView(toLead(beforeRow, ctx)), after: auditView(after) });
    return after;
  });
}

/** Hands a lead to a salesperson (lead:assign); every reassignment is audited. */
export async function assignLead(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof assignLeadBody>, opts: { notifyOwner?: boolean } = {}): Promise<Lead> {
  requirePermission(ctx.actor, 'lead', 'assign');
  const beforeRow = await requireVisibleLead(deps.db, ctx.actor, id, { access: 'assign' });
  const b = beforeRow.lead;
  if (b.status === 'converted') throw businessRule('lead.converted');
  const owner = await placeOwner(deps.db, ctx.actor, input.ownerId);
  const status: LeadStatus = b.status === 'new' || b.status === 'nurture' ? 'assigned' : b.status;
  return deps.db.transaction(async (tx) => {
    const ok = await q.updateLead(tx, id, input.version, { ownerId: owner.id, departmentId: owner.departmentId, assignedAt: b.assignedAt ?? ctx.now, status, updatedAt: ctx.now });
    if (!ok) throw versionConflict();
    // UNSCOPED: re-reads the lead this transaction just wrote (after the scoped check or the insert).
    const row = await q.findLead(tx, id, UNSCOPED);
    if (!row) throw notFound('lead');
    const after = toLead(row, ctx);
    await writeAudit(tx, ctx, {
      action: 'update',
      entityType: 'lead',
      entityId: id,
      entityLabel: b.number,
      before: { owner: beforeRow.ownerName, status: b.status },
      after: { owner: row.ownerName, status },
    });
    if (opts.notifyOwner !== false && owner.id !== ctx.actor.userId && owner.id !== b.ownerId) await notifyLeadAssigned(tx, owner.id, row.lead, ctx.actor.displayName, ctx.now);
    return after;
  });
}

/**
 * The people the caller may hand a lead to (the rule of `placeOwner`): those in their scope who
 * may read leads, and the lead managers of other teams. For the assign dialog, which must work
 * without `user:read`.
 */
export async function listAssignees(deps: Deps, ctx: Ctx, query: z.infer<typeof leadAssigneesQuery>): Promise<PlaceableUser[]> {
  requirePermission(ctx.actor, 'lead', 'assign');
  return placeableUsers(deps.db, ctx.actor, { ...LEAD_HANDOVER, working: 'lead:read', q: query.q, limit: 200 });
}

/** Hands an unassigned lead to whoever the assignment rules say (422 when no rule finds anyone). */
export async function autoAssignLead(deps: Deps, ctx: Ctx, id: string): Promise<{ assigned: boolean; ruleId: string | null; lead: Lead }> {
  requirePermission(ctx.actor, 'lead', 'assign');
  const beforeRow = await requireVisibleLead(deps.db, ctx.actor, id, { access: 'assign' });
  const b = beforeRow.lead;
  if (b.status === 'converted') throw businessRule('lead.converted');
  if (b.ownerId) throw businessRule('lead.alreadyAssigned');
  return deps.db.transaction(async (tx) => {
    const byRule = await assignByRules(tx, { region: b.region, industryCode: b.industryCode, channel: b.channel });
    if (!byRule) throw businessRule('assignment.noRuleMatched');
    const status: LeadStatus = b.status === 'new' || b.status === 'nurture' ? 'assigned' : b.status;
    const ok = await q.updateLead(tx, id, b.version, { ownerId: byRule.ownerId, departmentId: byRule.departmentId, assignedAt: ctx.now, status, updatedAt: ctx.now });
    if (!ok) throw versionConflict();
    // UNSCOPED: re-reads the lead this transaction just wrote (after the scoped check or the insert).
    const row = await q.findLead(tx, id, UNSCOPED);
    if (!row) throw notFound('lead');
    await writeAudit(tx, ctx, {
      action: 'update',
      entityType: 'lead',
      entityId: id,
      entityLabel: b.number,
      before: { owner: null, status: b.status },
      after: { owner: row.ownerName, status, assignmentRule: byRule.ruleName },
    });
    if (byRule.ownerId !== ctx.actor.userId) await notifyLeadAssigned(tx, byRule.ownerId, row.lead, byRule.ruleName, ctx.now);
    return { assigned: true, ruleId: byRule.ruleId, lead: toLead(row, ctx) };
  });
}

/** Tells the new owner a lead is theirs now (by whom, or by which rule). */
export async function notifyLeadAssigned(db: DbOrTx, ownerId: string, lead: Pick<q.LeadRow['lead'], 'id' | 'number' | 'companyName' | 'contactName' | 'grade'>, by: string, at: Date) {
  await notify(db, [ownerId], { kind: 'lead.assigned', params: { number: lead.number, name: lead.companyName ?? lead.contactName, grade: lead.grade, by }, entity: { type: 'lead', id: lead.id } }, at);
}

export async function deleteLead(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'lead', 'delete');
  const row = await requireVisibleLead(deps.db, ctx.actor, id);
  await deps.db.transaction(async (tx) => {
    await q.softDeleteLead(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'lead', entityId: id, entityLabel: row.lead.number });
  });
}

/**
 * Converts an open lead: a new customer (checked for duplicates like any create) or an
 * existing one, plus a contact from the lead's person, in one transaction. The steps before
 * (assigned, contacted, qualified) are part of it: an unassigned lead goes to the one converting
 * it, and the status goes straight to converted (the audit entry shows where it came from).
 * The lead keeps its history and points to both.
 */
export async function convertLead(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof convertLeadBody>) {
  requirePermission(ctx.actor, 'lead', 'update');
  requirePermission(ctx.actor, 'contact', 'create');
  const row = await requireVisibleLead(deps.db, ctx.actor, id);
  const l = row.lead;
  const blocker = convertBlocker(l.status);
  if (blocker === 'converted') throw businessRule('lead.converted');
  if (blocker === 'disqualified') throw businessRule('lead.reopenToConvert');
  const owner = l.ownerId ? null : { ownerId: ctx.actor.userId, departmentId: ctx.actor.departmentId, assignedAt: l.assignedAt ?? ctx.now };
  const contactInput = { name: l.contactName, title: l.title, phones: l.phone ? [l.phone] : [], email: l.email, isPrimary: true };

  const prepared = input.customerId
    ? null
    : await prepareCustomer(deps, ctx, {
        kind: input.customer?.kind ?? (l.companyName ? 'company' : 'individual'),
        name: input.customer?.name ?? l.companyName ?? l.contactName,
        industryCode: input.customer?.industryCode ?? l.industryCode ?? undefined,
        stage: input.customer?.stage ?? 'intent',
        grade: l.grade,
        sourceChannel: l.channel,
        sourceDetail: l.sources[0]?.detail ?? null,
        needs: l.needs,
        ownerId: l.ownerId ?? undefined,
        force: input.force,
        forceReason: input.forceReason,
      });

  return deps.db.transaction(async (tx) => {
    let customer: { id: string; name: string };
    if (input.customerId) {
      const existing = await requireVisibleCustomer(tx, ctx.actor, input.customerId, { path: 'customerId' });
      customer = { id: existing.customer.id, name: existing.customer.name };
    } else if (prepared) {
      const created = await insertCustomer(deps, tx, ctx, prepared);
      customer = { id: created.id, name: created.name };
    } else throw new Error('unreachable: neither customerId nor a prepared customer');
    const contact = await insertContact(tx, ctx, customer, contactInput);
    // First touch: the customer keeps the campaign that first brought it (a lead converted into
    // a customer that already has one leaves it alone).
    const campaignSet = l.campaignId ? await recordFirstTouchCampaign(tx, customer.id, l.campaignId) : false;
    const ok = await q.updateLead(tx, id, input.version, { ...owner, status: 'converted', customerId: customer.id, contactId: contact.id, convertedAt: ctx.now, updatedAt: ctx.now });
    if (!ok) throw versionConflict();
    // The lead's history (follow-ups, their tasks, its timeline) becomes the customer's.
    await q.moveLeadActivitiesToCustomer(tx, id, customer.id);
    await attachLeadTimelineToCustomer(tx, id, customer.id);
    await publishTimeline(tx, {
      kind: 'lead.converted',
      customerId: customer.id,
      leadId: id,
      occurredAt: ctx.now,
      actorId: ctx.actor.userId,
      entityType: 'lead',
      entityId: id,
      params: { number: l.number, contactName: l.contactName, createdCustomer: !input.customerId },
    });
    // UNSCOPED: re-reads the lead this transaction just wrote (after the scoped check or the insert).
    const after = await q.findLead(tx, id, UNSCOPED);
    if (!after) throw notFound('lead');
    await writeAudit(tx, ctx, {
      action: 'update',
      entityType: 'lead',
      entityId: id,
      entityLabel: l.number,
      before: { status: l.status, customer: null, ...(owner ? { owner: null } : {}) },
      after: { status: 'converted', customer: customer.name, ...(owner ? { owner: ctx.actor.displayName } : {}), ...(campaignSet ? { customerCampaign: row.campaignName } : {}) },
    });
    return { lead: toLead(after, ctx), customerId: customer.id, contactId: contact.id, createdCustomer: !input.customerId };
  });
}
