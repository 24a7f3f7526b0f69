import type { z } from 'zod';
import type { AssignmentRule, createAssignmentRuleBody, updateAssignmentRuleBody } from '../../../contracts/leads.ts';
import type { LeadChannel, SalesRegion } from '../../../contracts/vocabulary.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { departmentInScope, requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import { activeIndustry } from '../customers/index.ts';
import { firstMatchingRule, nextInTurn, ruleMatches, type LeadTraits } from './assignment.rules.ts';
import * as q from './assignment.queries.ts';

async function toRule(db: DbOrTx, row: q.RuleRow): Promise<AssignmentRule> {
  const r = row.rule;
  const members = await q.ruleMembers(db, r.departmentId, r.memberIds);
  return {
    id: r.id,
    name: r.name,
    departmentId: r.departmentId,
    departmentName: row.departmentName,
    regions: r.regions,
    industryCodes: r.industryCodes,
    channels: r.channels,
    memberIds: r.memberIds,
    priority: r.priority,
    active: r.active,
    nextMemberId: nextInTurn(members, r.cursor, (m) => m.eligible)?.member.id ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

function auditView(r: AssignmentRule) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, nextMemberId: _n, departmentName: _d, ...rest } = r;
  return rest;
}

/** Rules are managed by those who assign leads, for the departments in their scope. */
async function loadManageable(deps: Deps, ctx: Ctx, id: string): Promise<q.RuleRow> {
  requirePermission(ctx.actor, 'lead', 'assign');
  const row = await q.findRule(deps.db, id);
  if (!row || !departmentInScope(ctx.actor, row.rule.departmentId)) throw notFound('assignmentRule');
  return row;
}

export async function listRules(deps: Deps, ctx: Ctx): Promise<AssignmentRule[]> {
  requirePermission(ctx.actor, 'lead', 'assign');
  const rows = (await q.listRules(deps.db)).filter((r) => departmentInScope(ctx.actor, r.rule.departmentId));
  return Promise.all(rows.map((r) => toRule(deps.db, r)));
}

type RuleInput = Partial<z.infer<typeof createAssignmentRuleBody>>;

async function checkRule(deps: Deps, ctx: Ctx, input: RuleInput, departmentId: string): Promise<void> {
  const problems: ErrorDetail[] = [];
  if (!departmentInScope(ctx.actor, departmentId)) problems.push({ path: 'departmentId', key: 'user.outOfScope' });
  for (const code of input.industryCodes ?? []) {
    if (!(await activeIndustry(deps.db, code))) problems.push({ path: 'industryCodes', key: 'NOT_FOUND', params: { entity: 'industry' } });
  }
  if (input.memberIds?.length) {
    if (new Set(input.memberIds).size !== input.memberIds.length) problems.push({ path: 'memberIds', key: 'assignment.duplicateMember' });
    const members = await q.ruleMembers(deps.db, departmentId, input.memberIds);
    if (members.some((m) => !m.eligible)) problems.push({ path: 'memberIds', key: 'assignment.memberOutsideDepartment' });
  }
  if (problems.length) throw invalid(problems);
}

export async function createRule(deps: Deps, ctx: Ctx, input: z.infer<typeof createAssignmentRuleBody>): Promise<AssignmentRule> {
  requirePermission(ctx.actor, 'lead', 'assign');
  await checkRule(deps, ctx, input, input.departmentId);
  return deps.db.transaction(async (tx) => {
    const id = await q.insertRule(tx, {
      name: input.name,
      departmentId: input.departmentId,
      regions: input.regions ?? [],
      industryCodes: input.industryCodes ?? [],
      channels: input.channels ?? [],
      memberIds: input.memberIds ?? [],
      priority: input.priority ?? 100,
      active: input.active ?? true,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const row = await q.findRule(tx, id);
    if (!row) throw notFound('assignmentRule');
    const rule = await toRule(tx, row);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'assignment_rule', entityId: id, entityLabel: rule.name, after: auditView(rule) });
    return rule;
  });
}

export async function updateRule(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateAssignmentRuleBody>): Promise<AssignmentRule> {
  const before = await loadManageable(deps, ctx, id);
  const departmentId = input.departmentId ?? before.rule.departmentId;
  const memberIds = input.memberIds ?? (input.departmentId ? [] : undefined);
  await checkRule(deps, ctx, { ...input, memberIds: memberIds ?? before.rule.memberIds }, departmentId);
  const { version, ...fields } = input;
  return deps.db.transaction(async (tx) => {
    // A new team starts its turn from the top.
    const cursor = memberIds !== undefined ? { cursor: 0 } : {};
    if (!(await q.updateRule(tx, id, version, { ...fields, ...(memberIds !== undefined ? { memberIds } : {}), ...cursor, updatedAt: ctx.now }))) throw versionConflict();
    const row = await q.findRule(tx, id);
    if (!row) throw notFound('assignmentRule');
    const after = await toRule(tx, row);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'assignment_rule', entityId: id, entityLabel: after.name, before: auditView(await toRule(tx, before)), after: auditView(after) });
    return after;
  });
}

export async function deleteRule(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  const before = await loadManageable(deps, ctx, id);
  await deps.db.transaction(async (tx) => {
    if (!(await q.updateRule(tx, id, before.rule.version, { deletedAt: ctx.now, updatedAt: ctx.now }))) throw versionConflict();
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'assignment_rule', entityId: id, entityLabel: before.rule.name, before: auditView(await toRule(tx, before)) });
  });
}

export interface RuleAssignment {
  ownerId: string;
  departmentId: string | null;
  ruleId: string;
  ruleName: string;
}

/**
 * Picks the owner of a new or unassigned lead by the active rules: the first matching rule
 * whose team has someone able to take it (a rule whose whole team is away passes the lead on
 * to the next matching rule). Runs in the caller's transaction, holding the chosen rule's row
 * lock until commit, so concurrent leads take strict turns.
 */
export async function assignByRules(tx: DbOrTx, lead: { region: SalesRegion | null; industryCode: string | null; channel: LeadChannel }): Promise<RuleAssignment | null> {
  const traits: LeadTraits = lead;
  let rules = (await q.listRules(tx, true)).map((r) => ({ ...r.rule, row: r }));
  for (;;) {
    const rule = firstMatchingRule(rules, traits);
    if (!rule) return null;
    const cursor = await q.lockCursor(tx, rule.id);
    if (cursor !== null) {
      const members = await q.ruleMembers(tx, rule.departmentId, rule.memberIds);
      const pick = nextInTurn(members, cursor, (m) => m.eligible);
      if (pick) {
        await q.setCursor(tx, rule.id, pick.nextCursor);
        return { ownerId: pick.member.id, departmentId: pick.member.departmentId, ruleId: rule.id, ruleName: rule.name };
      }
    }
    rules = rules.filter((r) => r.id !== rule.id || !ruleMatches(r, traits));
  }
}
