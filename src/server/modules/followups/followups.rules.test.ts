import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../../contracts/followups.ts';
import { cadenceCutoffs, checkFollowUpTimes, digestMail, digestWorthSending, followUpDueAt, laterOf, leadStatusAfterFollowUp, needsFollowUp, nextStepTask, taskTypeForMethod } from './followups.rules.ts';

const at = (s: string) => new Date(s);

describe('the next step of a follow-up', () => {
  it('becomes a task: the next action as title (else whom it was with), the same way of contact, reminded 15 minutes before by default', () => {
    const next = at('2026-03-02T10:00:00+08:00');
    expect(nextStepTask({ method: 'visit', nextAction: ' 送样品 ', nextFollowUpAt: next, reminderMinutes: undefined, subject: '华信精密' })).toEqual({
      title: '送样品',
      type: 'visit',
      dueAt: next,
      reminderMinutes: 15,
      remindAt: at('2026-03-02T09:45:00+08:00'),
    });
    expect(nextStepTask({ method: 'demo', nextAction: null, nextFollowUpAt: next, reminderMinutes: null, subject: '华信精密' })).toMatchObject({ title: '华信精密', type: 'meeting', reminderMinutes: null, remindAt: null });
    expect(nextStepTask({ method: 'phone', nextAction: '', nextFollowUpAt: next, reminderMinutes: 1440, subject: 'x'.repeat(300) }).title).toHaveLength(200);
  });

  it('maps methods to task types, admin-added methods to other', () => {
    expect(['phone', 'visit', 'email', 'online_meeting', 'demo', 'other', 'wechat'].map(taskTypeForMethod)).toEqual(['call', 'visit', 'email', 'meeting', 'meeting', 'other', 'other']);
  });
});

describe('follow-up times', () => {
  const now = at('2026-03-02T10:00:00Z');
  it('accepts the past and a next time after it', () => {
    expect(checkFollowUpTimes(at('2026-03-01T10:00:00Z'), at('2026-03-05T10:00:00Z'), now)).toEqual([]);
    expect(checkFollowUpTimes(at('2026-03-02T10:09:00Z'), null, now)).toEqual([]);
  });
  it('refuses a time in the future (beyond clock skew) and a next time not after it', () => {
    expect(checkFollowUpTimes(at('2026-03-02T10:11:00Z'), null, now)).toEqual([{ field: 'happenedAt', key: 'followUp.happenedInFuture' }]);
    expect(checkFollowUpTimes(at('2026-03-01T10:00:00Z'), at('2026-03-01T10:00:00Z'), now)).toEqual([{ field: 'nextFollowUpAt', key: 'followUp.nextBeforeHappened' }]);
  });
});

describe('leads and last follow-up', () => {
  it('moves only new and assigned leads to contacted', () => {
    expect(leadStatusAfterFollowUp('new')).toBe('contacted');
    expect(leadStatusAfterFollowUp('assigned')).toBe('contacted');
    for (const s of ['contacted', 'qualified', 'nurture', 'disqualified', 'converted'] as const) expect(leadStatusAfterFollowUp(s)).toBe(s);
  });
  it('keeps the later time', () => {
    expect(laterOf(null, at('2026-01-01T00:00:00Z'))).toEqual(at('2026-01-01T00:00:00Z'));
    expect(laterOf(at('2026-02-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toEqual(at('2026-02-01T00:00:00Z'));
  });
});

describe('cadence', () => {
  const created = at('2026-01-01T00:00:00Z');
  it('is due a cadence after the last follow-up, or after creation when there was none', () => {
    expect(followUpDueAt(at('2026-03-01T00:00:00Z'), created, 'A', DEFAULT_CADENCE)).toEqual(at('2026-03-08T00:00:00Z'));
    expect(followUpDueAt(null, created, 'C', DEFAULT_CADENCE)).toEqual(at('2026-01-31T00:00:00Z'));
    expect(followUpDueAt(null, created, null, { ...DEFAULT_CADENCE, ungraded: 10 })).toEqual(at('2026-01-11T00:00:00Z'));
  });
  it('flags A weekly, B fortnightly, C monthly by default', () => {
    const last = at('2026-03-01T00:00:00Z');
    const day = (n: number) => new Date(last.getTime() + n * 86_400_000);
    expect(needsFollowUp(last, created, 'A', DEFAULT_CADENCE, day(6))).toBe(false);
    expect(needsFollowUp(last, created, 'A', DEFAULT_CADENCE, day(7))).toBe(true);
    expect(needsFollowUp(last, created, 'B', DEFAULT_CADENCE, day(13))).toBe(false);
    expect(needsFollowUp(last, created, 'B', DEFAULT_CADENCE, day(14))).toBe(true);
    expect(needsFollowUp(last, created, 'C', DEFAULT_CADENCE, day(29))).toBe(false);
    expect(needsFollowUp(last, created, 'C', DEFAULT_CADENCE, day(30))).toBe(true);
  });
  it('gives the cut-off per grade a query compares with', () => {
    const now = at('2026-03-31T00:00:00Z');
    expect(cadenceCutoffs(DEFAULT_CADENCE, now)).toEqual({ A: at('2026-03-24T00:00:00Z'), B: at('2026-03-17T00:00:00Z'), C: at('2026-03-01T00:00:00Z'), ungraded: at('2026-03-01T00:00:00Z') });
  });
});

describe('the morning digest', () => {
  it('is sent only to those with something to do, listing only what there is', () => {
    expect(digestWorthSending({ overdueTasks: 0, todayTasks: 0, customers: 0, leads: 0 })).toBe(false);
    expect(digestWorthSending({ overdueTasks: 0, todayTasks: 0, customers: 0, leads: 1 })).toBe(true);
    const zh = digestMail({ overdueTasks: 2, todayTasks: 0, customers: 5, leads: 0 }, null, '2026-10-09');
    expect(zh.subject).toBe('今日跟进提醒（2026-10-09）');
    expect(zh.text).toContain('逾期任务 2 个');
    expect(zh.text).toContain('超过跟进周期的客户 5 个');
    expect(zh.text).not.toContain('今日到期');
    const en = digestMail({ overdueTasks: 0, todayTasks: 1, customers: 0, leads: 3 }, 'en', '2026-10-09');
    expect(en.subject).toBe('Your follow-ups for 2026-10-09');
    expect(en.text).toContain('1 task(s) due today');
    expect(en.text).toContain('3 lead(s) past their follow-up cadence');
  });
});
