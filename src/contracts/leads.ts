import type { LeadCriteria, LeadGrade, LeadStatus } from './vocabulary.ts';
import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';
import { criterionAnswerSchema, industryCodeSchema, leadChannelSchema, leadGradeSchema, leadStatusSchema, salesRegionSchema } from './vocabulary.ts';

/** Request and response shapes of the lead API (vocabularies in customers.ts). */

export const leadCriteria = z.object({
  needMatch: criterionAnswerSchema.default('unclear'),
  budget: criterionAnswerSchema.default('unclear'),
  authority: criterionAnswerSchema.default('unclear'),
});

export const gradeOverride = z.object({ grade: leadGradeSchema, reason: z.string().trim().min(2).max(200) });

export const slaInfo = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('pending'), deadline: isoDateTime, remainingMs: z.number() }),
  z.object({ kind: z.literal('overdue'), deadline: isoDateTime, overdueMs: z.number() }),
  z.object({ kind: z.literal('met'), deadline: isoDateTime }),
  z.object({ kind: z.literal('missed'), deadline: isoDateTime, lateByMs: z.number() }),
]);

export const lead = z
  .object({
    id: z.uuid(),
    number: z.string(),
    legacyNumber: z.string().nullable().meta({ description: 'The number it had in the sheet it was imported from, when that could not be its number' }),
    channel: leadChannelSchema,
    sources: z.array(
      z.object({
        channel: leadChannelSchema,
        detail: z.string().nullable(),
        at: isoDateTime,
        campaignId: z.uuid().nullable(),
        campaignName: z.string().nullable().meta({ description: 'On GET /leads/{id} every source’s campaign is named; elsewhere only the lead’s own (first) campaign' }),
      }),
    ),
    campaignId: z.uuid().nullable().meta({ description: 'The campaign (营销活动) the lead first came through (first touch); each source names its own' }),
    campaignName: z.string().nullable(),
    companyName: z.string().nullable(),
    contactName: z.string(),
    title: z.string().nullable(),
    phone: z.object({ e164: z.string(), display: z.string() }).nullable(),
    email: z.string().nullable(),
    needs: z.string().nullable(),
    provinceCode: z.string().nullable(),
    region: salesRegionSchema.nullable(),
    industryCode: z.string().nullable(),
    criteria: z.object({ needMatch: criterionAnswerSchema, budget: criterionAnswerSchema, authority: criterionAnswerSchema }),
    computedGrade: leadGradeSchema,
    grade: leadGradeSchema,
    gradeOverrideReason: z.string().nullable(),
    status: leadStatusSchema,
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    departmentName: z.string().nullable(),
    assignedAt: isoDateTime.nullable(),
    registeredAt: isoDateTime,
    sla: slaInfo,
    slaBreachedAt: isoDateTime.nullable().meta({ description: 'When the SLA job found this A lead unassigned past its deadline' }),
    customerId: z.uuid().nullable(),
    convertedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
    access: z
      .object({
        read: z.boolean().meta({ description: 'false only in the answer to handing the lead to someone outside one’s reach' }),
        write: z.boolean().meta({ description: 'Inside the caller’s data scope: editing, status, conversion and activities need it (with the permission)' }),
        assign: z.boolean().meta({ description: 'The caller may hand it to someone (with lead:assign): in scope, or unassigned and waiting' }),
      })
      .meta({ description: 'What the caller reaches this lead for. A lead one registered but no longer reaches otherwise is read only' }),
  })
  .meta({ id: 'Lead' });
export type Lead = z.infer<typeof lead>;

const email = z.string().trim().toLowerCase().pipe(z.email().max(200));

export const createLeadBody = z.object({
  channel: leadChannelSchema,
  sourceDetail: z.string().trim().max(200).nullable().optional().meta({ description: 'Show name, search keyword, referrer…' }),
  companyName: z.string().trim().max(100).nullable().optional(),
  contactName: z.string().trim().min(1).max(50),
  title: z.string().trim().max(50).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  email: email.nullable().optional(),
  needs: z.string().trim().max(5000).nullable().optional(),
  provinceCode: z.string().regex(/^\d{2}0000$/, { message: 'validation.divisionCode' }).nullable().optional().meta({ description: 'Province-level division; sets the region' }),
  region: salesRegionSchema.nullable().optional().meta({ description: 'When the province is not known; ignored when provinceCode is given' }),
  industryCode: industryCodeSchema.nullable().optional(),
  criteria: leadCriteria.optional(),
  gradeOverride: gradeOverride.nullable().optional(),
  ownerId: z.uuid().nullable().optional().meta({ description: 'Assign at once (needs lead:assign unless it is oneself). Omitted: the automatic assignment rules may assign it' }),
  campaignId: z.uuid().nullable().optional().meta({ description: 'The campaign it came through (GET /campaign-options): the lead joins its members (已回应); a prospect already a lead gets this campaign as a new source' }),
});

export const createLeadResponse = z.object({
  merged: z.boolean().meta({ description: 'true: the prospect was already a lead; this channel was added to it' }),
  lead: lead.nullable().meta({ description: 'null when the lead it merged into is outside your scope' }),
});

export const updateLeadBody = versioned.extend({
  channel: leadChannelSchema.optional().meta({ description: 'Corrects the channel the lead first came through; a new one must be active (a retired one the lead has stays)' }),
  companyName: z.string().trim().max(100).nullable().optional(),
  contactName: z.string().trim().min(1).max(50).optional(),
  title: z.string().trim().max(50).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  email: email.nullable().optional(),
  needs: z.string().trim().max(5000).nullable().optional(),
  provinceCode: z.string().regex(/^\d{2}0000$/, { message: 'validation.divisionCode' }).nullable().optional().meta({ description: 'Province-level division; sets the region' }),
  region: salesRegionSchema.nullable().optional().meta({ description: 'When the province is not known; ignored when provinceCode is given' }),
  industryCode: industryCodeSchema.nullable().optional(),
  criteria: leadCriteria.partial().optional(),
  gradeOverride: gradeOverride.nullable().optional().meta({ description: 'null removes an override' }),
  status: leadStatusSchema.optional(),
  campaignId: z.uuid().nullable().optional().meta({ description: 'Corrects the campaign the lead came through (its first source’s); the lead joins the new campaign’s members' }),
});

export const assignLeadBody = z.object({ ownerId: z.uuid(), version: z.number().int().min(1) });

export const LEAD_SORTS = ['createdAt', '-createdAt', 'registeredAt', '-registeredAt', 'number', '-number', 'assignBy'] as const;
export const listLeadsQuery = listQuery.extend({
  q: z.string().trim().max(100).optional(),
  status: leadStatusSchema.optional(),
  grade: leadGradeSchema.optional(),
  channel: leadChannelSchema.optional(),
  ownerId: z.uuid().optional(),
  unassigned: z.enum(['true', 'false']).optional(),
  region: salesRegionSchema.optional().meta({ description: 'The lead’s sales region (set by its province, or given when the province is unknown)' }),
  industryCode: industryCodeSchema.optional(),
  campaignId: z.uuid().optional().meta({ description: 'Leads that first came through this campaign' }),
  needsFollowUp: z.enum(['true']).optional().meta({ description: 'Open leads past the follow-up cadence of their grade (跟进策略)' }),
  queue: z
    .enum(['true'])
    .optional()
    .meta({ description: '待分配: unassigned leads waiting for an owner (not converted, disqualified, nurtured or merged). Sort by `assignBy` for A leads by deadline first' }),
  sort: z.enum(LEAD_SORTS).default('-createdAt').meta({ description: '`assignBy`: A leads by their assignment deadline, then the others oldest first' }),
});

/** Someone a lead can be handed to (GET /leads/assignees). */
export const leadAssignee = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    departmentId: z.uuid().nullable(),
    departmentName: z.string().nullable(),
    handover: z.boolean().meta({ description: 'Outside the caller’s scope: a lead manager (holds lead:assign) of another team, who passes the lead on' }),
  })
  .meta({ id: 'LeadAssignee' });
export type LeadAssignee = z.infer<typeof leadAssignee>;
export const leadAssigneesQuery = z.object({ q: z.string().trim().max(50).optional() });

export const convertLeadBody = z.object({
  version: z.number().int().min(1),
  customerId: z.uuid().optional().meta({ description: 'Join this existing customer (found by the duplicate check) instead of creating one' }),
  customer: z
    .object({
      name: z.string().trim().min(2).max(100).optional(),
      kind: z.enum(['company', 'individual']).optional(),
      industryCode: z.string().regex(/^[A-Z]{2,8}$/).nullable().optional(),
      stage: z.enum(['potential', 'intent', 'customer', 'lost']).optional(),
    })
    .optional()
    .meta({ description: 'Overrides for the new customer; by default it takes the lead’s company, channel and needs' }),
  force: z.boolean().default(false),
  forceReason: z.string().trim().min(2).max(200).optional(),
});

export const convertLeadResponse = z.object({ lead, customerId: z.uuid(), contactId: z.uuid(), createdCustomer: z.boolean() });

/** 自动分配规则 (see docs/user-guide.md, "Automatic lead assignment"). */
export const assignmentRule = z
  .object({
    id: z.uuid(),
    name: z.string(),
    departmentId: z.uuid(),
    departmentName: z.string().nullable(),
    regions: z.array(salesRegionSchema),
    industryCodes: z.array(z.string()),
    channels: z.array(leadChannelSchema),
    memberIds: z.array(z.uuid()).meta({ description: 'Who takes turns, in order; empty: every active member of the department' }),
    priority: z.number().int(),
    active: z.boolean(),
    nextMemberId: z.uuid().nullable().meta({ description: 'Who gets the next matching lead' }),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'AssignmentRule' });
export type AssignmentRule = z.infer<typeof assignmentRule>;

const ruleFields = z.object({
  name: z.string().trim().min(1).max(50),
  departmentId: z.uuid(),
  regions: z.array(salesRegionSchema).max(10),
  industryCodes: z.array(industryCodeSchema).max(50),
  channels: z.array(leadChannelSchema).max(20),
  memberIds: z.array(z.uuid()).max(100),
  priority: z.number().int().min(0).max(10000),
  active: z.boolean(),
});
export const createAssignmentRuleBody = ruleFields.partial().extend({
  name: ruleFields.shape.name,
  departmentId: ruleFields.shape.departmentId,
});
export const updateAssignmentRuleBody = ruleFields.partial().extend(versioned.shape);

export const autoAssignResponse = z.object({
  assigned: z.boolean(),
  ruleId: z.uuid().nullable(),
  lead,
});



/*
 * Lead rules the web UI needs as much as the server: the grading rule (the lead form shows the
 * grade live while the user answers the criteria) and the status transitions (the lead page
 * offers only the changes the server accepts). One definition, so the UI never disagrees with
 * what the server stores. The server's other lead rules stay in leads.rules.ts.
 */

/**
 * The grade from the three recorded criteria, as the requirements define it:
 *   A (高意向): 明确表达需求, 预算符合产品定位, 具备决策权 — all three are `yes`.
 *   B (中意向): 有需求但未明确预算/决策流程 — the need is `yes`, the budget is not `no`, and
 *               budget or authority is not `yes`.
 *   C (低意向): 需求模糊或预算不匹配 — the need is not `yes` (vague or none), or the budget is `no`.
 *
 * Two readings had to be decided:
 * - need `yes`, budget `no`: C, not B. "预算不匹配" is named as a C criterion, and a budget that
 *   does not fit is a fact, where B is for what is still unclear.
 * - need `yes`, budget `yes`, authority `no`: B, not C. The contact cannot decide, but the need and
 *   the money are there; the follow-up is to reach the decision maker, which is B's "需进一步沟通".
 *
 * Full truth table (need / budget / authority → grade), 27 rows:
 *
 *   need     budget   authority | grade
 *   yes      yes      yes       | A
 *   yes      yes      unclear   | B
 *   yes      yes      no        | B
 *   yes      unclear  yes       | B
 *   yes      unclear  unclear   | B
 *   yes      unclear  no        | B
 *   yes      no       (any)     | C   (3 rows)
 *   unclear  (any)    (any)     | C   (9 rows)
 *   no       (any)    (any)     | C   (9 rows)
 *
 * So 1 A, 5 B and 21 C.
 */
export function computeLeadGrade(criteria: LeadCriteria): LeadGrade {
  if (criteria.needMatch !== 'yes') return 'C';
  if (criteria.budget === 'no') return 'C';
  if (criteria.budget === 'yes' && criteria.authority === 'yes') return 'A';
  return 'B';
}

/**
 * Allowed status changes. The normal path is new → assigned → contacted → qualified → converted.
 * - Any open status may go to `disqualified` (无效) or `nurture` (长期培育).
 * - `assigned` → `new`: the owner is removed (left the company, wrong department) and the lead
 *   waits for assignment again. Reassigning to another owner keeps `assigned` (not a transition).
 * - `qualified` → `contacted`: qualification turned out premature.
 * - `nurture` → `new` / `assigned`: a nurtured lead is reactivated, for the pool or for an owner.
 * - `disqualified` → `new`: reopened by mistake or new information.
 * - `converted` is final: the customer record carries the story from there.
 */
export const LEAD_TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  new: ['assigned', 'disqualified', 'nurture'],
  assigned: ['new', 'contacted', 'disqualified', 'nurture'],
  contacted: ['qualified', 'disqualified', 'nurture'],
  qualified: ['converted', 'contacted', 'disqualified', 'nurture'],
  converted: [],
  disqualified: ['new'],
  nurture: ['new', 'assigned', 'disqualified'],
};

/** Whether a lead may move from `from` to `to`. Staying in the same status is not a transition. */
export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  return LEAD_TRANSITIONS[from].includes(to);
}

/**
 * Why a lead in this status cannot be converted, or null when it can. Every open lead can: the
 * conversion itself takes the steps before it (assigned, contacted, qualified), in its one
 * transaction, so nobody has to click through status changes first. A disqualified lead is
 * reopened first (a decision someone made, not a step); a converted one is done.
 */
export function convertBlocker(status: LeadStatus): 'converted' | 'disqualified' | null {
  return status === 'converted' || status === 'disqualified' ? status : null;
}

/** Whether a lead in this status can be converted into a customer. */
export function canConvert(status: LeadStatus): boolean {
  return convertBlocker(status) === null;
}
