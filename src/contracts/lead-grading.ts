import type { LeadCriteria, LeadGrade } from './customers.ts';

/*
 * The grading rule lives in contracts, not in the server's leads.rules.ts, because the lead form
 * shows the grade live while the user answers the criteria: one function, so the preview can
 * never disagree with what the server stores.
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
