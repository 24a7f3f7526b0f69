/**
 * Pure business rules of leads (issue 4): grading, the nurture pool, the assignment SLA, status
 * transitions and merging the sources of one prospect that came in through two channels.
 * No I/O and no clock: callers pass `now`.
 */
import type { LeadChannel, LeadCriteria, LeadGrade, LeadStatus } from '../../../contracts/vocabulary.ts';
import { canConvert, canTransition, computeLeadGrade, convertBlocker, LEAD_TRANSITIONS } from '../../../contracts/leads.ts';

// =============================================================================================
// Grading (意向等级)
// =============================================================================================

/** The grading rule and its truth table are in contracts, shared with the web form's live preview. */
export { computeLeadGrade };

export type GradeOverride = { readonly grade: LeadGrade; readonly reason: string };

export type ResolvedGrade = {
  /** The grade that counts: the override when there is one, else the computed grade. */
  readonly grade: LeadGrade;
  /** Always kept, so lists can show "B (computed A)" and reports can measure overrides. */
  readonly computed: LeadGrade;
  readonly overridden: boolean;
  readonly overrideReason: string | null;
};

/**
 * The effective grade: a manual override with a reason wins, the computed grade is kept beside
 * it. An override without a (non-blank) reason is ignored rather than trusted — the API rejects it
 * (`leadGradeOverrideSchema`), this is the last line. An override equal to the computed grade is
 * not reported as overridden.
 */
export function resolveLeadGrade(criteria: LeadCriteria, override?: GradeOverride | null): ResolvedGrade {
  const computed = computeLeadGrade(criteria);
  const reason = override?.reason.trim() ?? '';
  if (!override || !reason || override.grade === computed) {
    return { grade: computed, computed, overridden: false, overrideReason: null };
  }
  return { grade: override.grade, computed, overridden: true, overrideReason: reason };
}

/** Whether a lead of this grade belongs in the nurture pool (长期培育池): C leads do. */
export function nurtureFor(grade: LeadGrade): boolean {
  return grade === 'C';
}

/**
 * Status of a newly registered lead: C leads go straight to the nurture pool, leads registered
 * with an owner (a salesperson entering their own lead) are assigned, the rest are new.
 */
export function initialLeadStatus(grade: LeadGrade, hasOwner: boolean): LeadStatus {
  if (nurtureFor(grade)) return 'nurture';
  return hasOwner ? 'assigned' : 'new';
}

// =============================================================================================
// Assignment SLA: A leads must be assigned within 24 hours
// =============================================================================================

const HOUR = 60 * 60 * 1000;

/** Time allowed from registration (or from becoming A) to assignment, per grade; null = no SLA. */
export const ASSIGNMENT_SLA_MS: Readonly<Record<LeadGrade, number | null>> = { A: 24 * HOUR, B: null, C: null };

/**
 * When a lead of this grade must be assigned by, or null when the grade has no SLA.
 * @param since when the clock starts: the registration time, or — for a lead regraded to A
 *   later — the time it became A (see `slaState`).
 */
export function assignmentDeadline(since: Date, grade: LeadGrade): Date | null {
  const ms = ASSIGNMENT_SLA_MS[grade];
  return ms === null ? null : new Date(since.getTime() + ms);
}

export type SlaLead = {
  /** The effective grade (`resolveLeadGrade(...).grade`). */
  readonly grade: LeadGrade;
  readonly status: LeadStatus;
  readonly registeredAt: Date;
  /**
   * When the lead got its current grade, if later than registration. A lead registered as B and
   * raised to A three days later gets its 24 hours from the regrade, not an instant breach.
   */
  readonly gradedAt?: Date | null;
  /** First assignment to an owner; null while unassigned. */
  readonly assignedAt: Date | null;
};

export type SlaState =
  /** The grade has no SLA, or the lead was closed (converted, disqualified, nurture) unassigned. */
  | { readonly kind: 'none' }
  /** Unassigned, deadline not passed: show the countdown. `remainingMs` is 0 at the deadline itself. */
  | { readonly kind: 'pending'; readonly deadline: Date; readonly remainingMs: number }
  /** Unassigned past the deadline: flag it and notify the department's managers. */
  | { readonly kind: 'overdue'; readonly deadline: Date; readonly overdueMs: number }
  | { readonly kind: 'met'; readonly deadline: Date; readonly assignedAt: Date }
  | { readonly kind: 'missed'; readonly deadline: Date; readonly assignedAt: Date; readonly lateByMs: number };

const CLOSED_UNASSIGNED: ReadonlySet<LeadStatus> = new Set(['converted', 'disqualified', 'nurture']);

/**
 * The assignment SLA of a lead at `now`. "Within 24 hours" is inclusive: assigned exactly at the
 * deadline is met, and an unassigned lead becomes overdue only after the deadline.
 */
export function slaState(lead: SlaLead, now: Date): SlaState {
  const since = lead.gradedAt && lead.gradedAt > lead.registeredAt ? lead.gradedAt : lead.registeredAt;
  const deadline = assignmentDeadline(since, lead.grade);
  if (!deadline) return { kind: 'none' };
  if (lead.assignedAt) {
    const late = lead.assignedAt.getTime() - deadline.getTime();
    return late <= 0
      ? { kind: 'met', deadline, assignedAt: lead.assignedAt }
      : { kind: 'missed', deadline, assignedAt: lead.assignedAt, lateByMs: late };
  }
  if (CLOSED_UNASSIGNED.has(lead.status)) return { kind: 'none' };
  const remaining = deadline.getTime() - now.getTime();
  return remaining >= 0 ? { kind: 'pending', deadline, remainingMs: remaining } : { kind: 'overdue', deadline, overdueMs: -remaining };
}

// =============================================================================================
// Status transitions
// =============================================================================================

/** The transition table is in contracts too: the lead page offers only the changes the server allows. */
export { canConvert, canTransition, convertBlocker, LEAD_TRANSITIONS };

// =============================================================================================
// Merging sources (同一客户通过不同渠道获取时, 合并线索)
// =============================================================================================

export type LeadSource = {
  readonly channel: LeadChannel;
  /** Show name, search keyword, referrer… as typed; null when not recorded. */
  readonly detail: string | null;
  /** When the prospect arrived through this source. */
  readonly at: Date;
  /** The campaign (营销活动) it arrived through, if any: every campaign a prospect answered stays. */
  readonly campaignId?: string | null;
};

/** How two details are compared: NFKC, collapsed spaces, case-insensitive. Empty means none. */
function detailKey(detail: string | null): string {
  return (detail ?? '').normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * The sources of two leads for the same prospect merged into one list, oldest first, so the
 * first entry is the original channel (the one acquisition reports credit). Rules:
 * - Same channel and same detail (compared ignoring case, width and spacing) is one source, at
 *   the earlier time.
 * - A source without detail adds nothing to a source of the same channel with detail: `trade_show`
 *   and `trade_show` "2024中国制造业数字化转型博览会" become the detailed one, at the earlier time.
 * - Different details on one channel (two shows, two keywords) are different sources.
 * - A source of a campaign is told apart by the campaign too: the same channel through two
 *   campaigns is two sources (each campaign is credited), and a source without a campaign takes
 *   the campaign of the same channel and detail arriving later.
 * Equal times keep the order of `a`, then `b`, so the result is deterministic.
 */
export function mergeLeadSources(a: readonly LeadSource[], b: readonly LeadSource[]): LeadSource[] {
  const ordered = [...a, ...b]
    .map((source, index) => ({ source, index }))
    .sort((x, y) => x.source.at.getTime() - y.source.at.getTime() || x.index - y.index)
    .map((e) => e.source);
  const kept: LeadSource[] = [];
  for (const s of ordered) {
    const detail = detailKey(s.detail);
    const campaign = s.campaignId ?? null;
    const sameChannel = kept.filter((k) => k.channel === s.channel && (campaign === null || (k.campaignId ?? null) === null || k.campaignId === campaign));
    const equal = sameChannel.findIndex((k) => detailKey(k.detail) === detail);
    const earlierEqual = sameChannel[equal];
    if (earlierEqual) {
      // An earlier equal source; it takes the campaign this one names when it had none.
      if (campaign !== null && (earlierEqual.campaignId ?? null) === null) kept[kept.indexOf(earlierEqual)] = { ...earlierEqual, campaignId: campaign };
      continue;
    }
    if (detail === '' && sameChannel.length > 0 && campaign === null) continue; // nothing to add to what is known
    const undetailed = kept.findIndex((k) => sameChannel.includes(k) && detailKey(k.detail) === '');
    const earlier = kept[undetailed];
    if (earlier) {
      // The detail (and campaign), at the first time.
      kept[undetailed] = { channel: s.channel, detail: s.detail, at: earlier.at, ...(campaign ?? earlier.campaignId ? { campaignId: campaign ?? earlier.campaignId } : {}) };
      continue;
    }
    kept.push(s);
  }
  return kept;
}
