import type { LeadCriteria, LeadGrade, LeadStatus } from './customers.ts';

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

/** Whether a lead in this status can be converted into a customer (only qualified leads). */
export function canConvert(status: LeadStatus): boolean {
  return canTransition(status, 'converted');
}
