import { describe, expect, it } from 'vitest';
import { CRITERION_ANSWERS, LEAD_STATUSES, type CriterionAnswer, type LeadGrade, type LeadStatus } from '../../../contracts/vocabulary.ts';
import {
  ASSIGNMENT_SLA_MS,
  LEAD_TRANSITIONS,
  assignmentDeadline,
  canConvert,
  convertBlocker,
  canTransition,
  computeLeadGrade,
  initialLeadStatus,
  mergeLeadSources,
  nurtureFor,
  resolveLeadGrade,
  slaState,
  type LeadSource,
} from './leads.rules.ts';

const HOUR = 3_600_000;

describe('computeLeadGrade', () => {
  /** The documented truth table, row by row: need, budget, authority → grade. */
  const TABLE: [CriterionAnswer, CriterionAnswer, CriterionAnswer, LeadGrade][] = [
    ['yes', 'yes', 'yes', 'A'],
    ['yes', 'yes', 'unclear', 'B'],
    ['yes', 'yes', 'no', 'B'],
    ['yes', 'unclear', 'yes', 'B'],
    ['yes', 'unclear', 'unclear', 'B'],
    ['yes', 'unclear', 'no', 'B'],
    ['yes', 'no', 'yes', 'C'],
    ['yes', 'no', 'unclear', 'C'],
    ['yes', 'no', 'no', 'C'],
    ['unclear', 'yes', 'yes', 'C'],
    ['unclear', 'yes', 'unclear', 'C'],
    ['unclear', 'yes', 'no', 'C'],
    ['unclear', 'unclear', 'yes', 'C'],
    ['unclear', 'unclear', 'unclear', 'C'],
    ['unclear', 'unclear', 'no', 'C'],
    ['unclear', 'no', 'yes', 'C'],
    ['unclear', 'no', 'unclear', 'C'],
    ['unclear', 'no', 'no', 'C'],
    ['no', 'yes', 'yes', 'C'],
    ['no', 'yes', 'unclear', 'C'],
    ['no', 'yes', 'no', 'C'],
    ['no', 'unclear', 'yes', 'C'],
    ['no', 'unclear', 'unclear', 'C'],
    ['no', 'unclear', 'no', 'C'],
    ['no', 'no', 'yes', 'C'],
    ['no', 'no', 'unclear', 'C'],
    ['no', 'no', 'no', 'C'],
  ];

  it('the table covers all 27 combinations exactly once', () => {
    const combos = new Set(TABLE.map(([n, b, a]) => `${n}/${b}/${a}`));
    expect(combos.size).toBe(27);
    expect(TABLE).toHaveLength(CRITERION_ANSWERS.length ** 3);
  });

  it.each(TABLE)('need %s, budget %s, authority %s → %s', (needMatch, budget, authority, grade) => {
    expect(computeLeadGrade({ needMatch, budget, authority })).toBe(grade);
  });

  it('gives 1 A, 5 B and 21 C', () => {
    const counts = { A: 0, B: 0, C: 0 };
    for (const needMatch of CRITERION_ANSWERS)
      for (const budget of CRITERION_ANSWERS)
        for (const authority of CRITERION_ANSWERS) counts[computeLeadGrade({ needMatch, budget, authority })]++;
    expect(counts).toEqual({ A: 1, B: 5, C: 21 });
  });
});

describe('resolveLeadGrade', () => {
  const allYes = { needMatch: 'yes', budget: 'yes', authority: 'yes' } as const;
  const vague = { needMatch: 'unclear', budget: 'yes', authority: 'yes' } as const;

  it('uses the computed grade without an override', () => {
    expect(resolveLeadGrade(allYes)).toEqual({ grade: 'A', computed: 'A', overridden: false, overrideReason: null });
    expect(resolveLeadGrade(vague, null)).toEqual({ grade: 'C', computed: 'C', overridden: false, overrideReason: null });
  });

  it('lets an override with a reason win and keeps the computed grade', () => {
    expect(resolveLeadGrade(vague, { grade: 'A', reason: ' 老客户转介绍，总经理亲自对接 ' })).toEqual({
      grade: 'A',
      computed: 'C',
      overridden: true,
      overrideReason: '老客户转介绍，总经理亲自对接',
    });
    expect(resolveLeadGrade(allYes, { grade: 'C', reason: '预算已冻结' })).toMatchObject({ grade: 'C', computed: 'A', overridden: true });
  });

  it('ignores an override without a reason', () => {
    expect(resolveLeadGrade(vague, { grade: 'A', reason: '' })).toMatchObject({ grade: 'C', overridden: false });
    expect(resolveLeadGrade(vague, { grade: 'A', reason: '   ' })).toMatchObject({ grade: 'C', overridden: false });
  });

  it('does not report an override equal to the computed grade', () => {
    expect(resolveLeadGrade(allYes, { grade: 'A', reason: '确认' })).toEqual({ grade: 'A', computed: 'A', overridden: false, overrideReason: null });
  });
});

describe('nurture pool and initial status', () => {
  it('sends C leads, and only C leads, to the nurture pool', () => {
    expect(nurtureFor('C')).toBe(true);
    expect(nurtureFor('B')).toBe(false);
    expect(nurtureFor('A')).toBe(false);
  });

  it('starts C leads in nurture, owned leads assigned, the rest new', () => {
    expect(initialLeadStatus('C', false)).toBe('nurture');
    expect(initialLeadStatus('C', true)).toBe('nurture');
    expect(initialLeadStatus('A', true)).toBe('assigned');
    expect(initialLeadStatus('A', false)).toBe('new');
    expect(initialLeadStatus('B', false)).toBe('new');
  });
});

describe('assignmentDeadline', () => {
  const registeredAt = new Date('2024-03-15T09:30:00+08:00');

  it('gives A leads 24 hours', () => {
    expect(ASSIGNMENT_SLA_MS.A).toBe(24 * HOUR);
    expect(assignmentDeadline(registeredAt, 'A')).toEqual(new Date('2024-03-16T09:30:00+08:00'));
  });

  it('gives B and C leads no deadline', () => {
    expect(assignmentDeadline(registeredAt, 'B')).toBeNull();
    expect(assignmentDeadline(registeredAt, 'C')).toBeNull();
  });
});

describe('slaState', () => {
  const registeredAt = new Date('2024-03-15T09:30:00+08:00');
  const deadline = new Date('2024-03-16T09:30:00+08:00');
  const at = (hours: number) => new Date(registeredAt.getTime() + hours * HOUR);
  const lead = (over: Partial<Parameters<typeof slaState>[0]> = {}) => ({
    grade: 'A' as LeadGrade,
    status: 'new' as LeadStatus,
    registeredAt,
    assignedAt: null,
    ...over,
  });

  it('counts down while an A lead is unassigned', () => {
    expect(slaState(lead(), at(0))).toEqual({ kind: 'pending', deadline, remainingMs: 24 * HOUR });
    expect(slaState(lead(), at(20))).toEqual({ kind: 'pending', deadline, remainingMs: 4 * HOUR });
  });

  it('is still pending at the deadline itself and overdue one millisecond later', () => {
    expect(slaState(lead(), deadline)).toEqual({ kind: 'pending', deadline, remainingMs: 0 });
    expect(slaState(lead(), new Date(deadline.getTime() + 1))).toEqual({ kind: 'overdue', deadline, overdueMs: 1 });
    expect(slaState(lead(), at(30))).toEqual({ kind: 'overdue', deadline, overdueMs: 6 * HOUR });
  });

  it('is met when assigned within 24 hours, inclusive, and missed when later, whatever now is', () => {
    expect(slaState(lead({ status: 'assigned', assignedAt: at(3) }), at(100))).toEqual({ kind: 'met', deadline, assignedAt: at(3) });
    expect(slaState(lead({ status: 'assigned', assignedAt: deadline }), at(100))).toMatchObject({ kind: 'met' });
    expect(slaState(lead({ status: 'contacted', assignedAt: at(26) }), at(27))).toEqual({
      kind: 'missed',
      deadline,
      assignedAt: at(26),
      lateByMs: 2 * HOUR,
    });
  });

  it('has no SLA for B and C leads', () => {
    expect(slaState(lead({ grade: 'B' }), at(100))).toEqual({ kind: 'none' });
    expect(slaState(lead({ grade: 'C', status: 'nurture' }), at(100))).toEqual({ kind: 'none' });
  });

  it('stops for leads closed without assignment', () => {
    expect(slaState(lead({ status: 'disqualified' }), at(100))).toEqual({ kind: 'none' });
    expect(slaState(lead({ status: 'nurture' }), at(100))).toEqual({ kind: 'none' });
  });

  it('starts the clock when a lead became A, if later than registration', () => {
    const gradedAt = at(72);
    expect(slaState(lead({ gradedAt }), at(80))).toEqual({
      kind: 'pending',
      deadline: new Date(gradedAt.getTime() + 24 * HOUR),
      remainingMs: 16 * HOUR,
    });
    // a gradedAt before registration (imported data) does not move the deadline earlier
    expect(slaState(lead({ gradedAt: at(-5) }), at(1))).toMatchObject({ kind: 'pending', deadline });
    expect(slaState(lead({ gradedAt: null }), at(1))).toMatchObject({ kind: 'pending', deadline });
  });
});

describe('lead status transitions', () => {
  const allowed: [LeadStatus, LeadStatus][] = [
    ['new', 'assigned'],
    ['new', 'disqualified'],
    ['new', 'nurture'],
    ['assigned', 'new'],
    ['assigned', 'contacted'],
    ['assigned', 'disqualified'],
    ['assigned', 'nurture'],
    ['contacted', 'qualified'],
    ['contacted', 'disqualified'],
    ['contacted', 'nurture'],
    ['qualified', 'converted'],
    ['qualified', 'contacted'],
    ['qualified', 'disqualified'],
    ['qualified', 'nurture'],
    ['disqualified', 'new'],
    ['nurture', 'new'],
    ['nurture', 'assigned'],
    ['nurture', 'disqualified'],
  ];

  it('allows exactly the listed transitions among all 49 pairs', () => {
    const allowedKeys = new Set(allowed.map(([f, t]) => `${f}>${t}`));
    for (const from of LEAD_STATUSES) {
      for (const to of LEAD_STATUSES) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(allowedKeys.has(`${from}>${to}`));
      }
    }
  });

  it('follows the normal path new → assigned → contacted → qualified → converted', () => {
    const path: LeadStatus[] = ['new', 'assigned', 'contacted', 'qualified', 'converted'];
    for (let i = 0; i + 1 < path.length; i++) expect(canTransition(path[i] as LeadStatus, path[i + 1] as LeadStatus)).toBe(true);
  });

  it('reaches converted by hand only from qualified, and converted is final', () => {
    for (const from of LEAD_STATUSES) expect(canTransition(from, 'converted'), from).toBe(from === 'qualified');
    expect(LEAD_TRANSITIONS.converted).toEqual([]);
  });

  it('converts every open lead (the conversion takes the steps before it); a disqualified one is reopened first', () => {
    const blockers = Object.fromEntries(LEAD_STATUSES.map((s) => [s, convertBlocker(s)]));
    expect(blockers).toEqual({ new: null, assigned: null, contacted: null, qualified: null, nurture: null, disqualified: 'disqualified', converted: 'converted' });
    for (const s of LEAD_STATUSES) expect(canConvert(s), s).toBe(blockers[s] === null);
  });

  it('does not count staying in a status as a transition', () => {
    for (const s of LEAD_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it('lets every open status be disqualified or nurtured, and every status except converted be left', () => {
    for (const s of ['new', 'assigned', 'contacted', 'qualified'] as const) {
      expect(canTransition(s, 'disqualified')).toBe(true);
      expect(canTransition(s, 'nurture')).toBe(true);
    }
    for (const s of LEAD_STATUSES) if (s !== 'converted') expect(LEAD_TRANSITIONS[s].length, s).toBeGreaterThan(0);
  });
});

describe('mergeLeadSources', () => {
  const d = (iso: string) => new Date(`${iso}T10:00:00+08:00`);
  const show: LeadSource = { channel: 'trade_show', detail: '2024中国制造业数字化转型博览会', at: d('2024-03-15') };
  const ads: LeadSource = { channel: 'search_ads', detail: '“CRM系统”关键词', at: d('2024-03-16') };

  it('keeps both sources of a prospect that came through two channels, oldest first', () => {
    expect(mergeLeadSources([ads], [show])).toEqual([show, ads]);
    expect(mergeLeadSources([show], [ads])).toEqual([show, ads]);
  });

  it('keeps one of two equal sources, at the earlier time', () => {
    const again = { ...show, at: d('2024-03-17') };
    expect(mergeLeadSources([again], [show])).toEqual([show]);
  });

  it('compares details ignoring case, width and spacing', () => {
    const a: LeadSource = { channel: 'search_ads', detail: 'CRM 系统', at: d('2024-03-01') };
    const b: LeadSource = { channel: 'search_ads', detail: ' ｃｒｍ  系统 ', at: d('2024-03-05') };
    expect(mergeLeadSources([a], [b])).toEqual([a]);
  });

  it('keeps different details on the same channel', () => {
    const other: LeadSource = { channel: 'trade_show', detail: '2024上海工博会', at: d('2024-09-20') };
    expect(mergeLeadSources([show], [other])).toEqual([show, other]);
  });

  it('folds a source without detail into the detailed one of the same channel, at the earlier time', () => {
    const bare: LeadSource = { channel: 'trade_show', detail: null, at: d('2024-03-10') };
    expect(mergeLeadSources([bare], [show])).toEqual([{ ...show, at: bare.at }]);
    const laterBare: LeadSource = { channel: 'trade_show', detail: '  ', at: d('2024-03-20') };
    expect(mergeLeadSources([show], [laterBare])).toEqual([show]);
  });

  it('keeps a source without detail when its channel has no detailed one', () => {
    const phone: LeadSource = { channel: 'phone_in', detail: null, at: d('2024-03-18') };
    expect(mergeLeadSources([show], [phone, { ...phone, at: d('2024-03-19') }])).toEqual([show, phone]);
  });

  it('keeps the same channel through two campaigns as two sources, each credited', () => {
    const expo = { ...show, campaignId: 'c-expo' };
    const autumn = { ...show, at: d('2024-09-20'), campaignId: 'c-autumn' };
    expect(mergeLeadSources([expo], [autumn])).toEqual([expo, autumn]);
    // The same campaign again is one source, at the first time.
    expect(mergeLeadSources([expo], [{ ...expo, at: d('2024-03-20') }])).toEqual([expo]);
  });

  it('gives an earlier source without a campaign the campaign of the same source arriving later', () => {
    const later = { ...show, at: d('2024-03-20'), campaignId: 'c-expo' };
    expect(mergeLeadSources([show], [later])).toEqual([{ ...show, campaignId: 'c-expo' }]);
    // A later source without a campaign adds nothing to one with a campaign.
    expect(mergeLeadSources([later], [{ ...show, at: d('2024-03-25') }])).toEqual([later]);
    // A campaign's source without detail folds into the detailed one of its channel, campaign and all.
    const bare: LeadSource = { channel: 'trade_show', detail: null, at: d('2024-03-10'), campaignId: 'c-expo' };
    expect(mergeLeadSources([bare], [show])).toEqual([{ ...show, at: bare.at, campaignId: 'c-expo' }]);
  });

  it('removes duplicates inside one list too, and handles empty lists', () => {
    expect(mergeLeadSources([show, show], [])).toEqual([show]);
    expect(mergeLeadSources([], [])).toEqual([]);
  });

  it('is deterministic for equal times: a before b', () => {
    const web: LeadSource = { channel: 'website', detail: null, at: show.at };
    expect(mergeLeadSources([web], [show])).toEqual([web, show]);
    expect(mergeLeadSources([show], [web])).toEqual([show, web]);
  });

  it('does not change its inputs', () => {
    const a = [ads];
    const b = [show];
    mergeLeadSources(a, b);
    expect(a).toEqual([ads]);
    expect(b).toEqual([show]);
  });
});
