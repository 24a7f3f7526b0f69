import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../contracts/followups.ts';
import { DEFAULT_REMINDER, NO_REMINDER, quickPickTime, reminderLabel, toCreateBody, toUpdateBody } from './followUpForm.ts';

const fmt = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD HH:mm ddd');

describe('quick picks of the next follow-up time', () => {
  // Wednesday 2 December 2026, 14:37 local time.
  const now = dayjs('2026-12-02T14:37:12');

  it('tomorrow at 9:00', () => {
    expect(fmt(quickPickTime('tomorrow', now))).toBe('2026-12-03 09:00 Thu');
  });

  it('three days from now at 9:00', () => {
    expect(fmt(quickPickTime('in3Days', now))).toBe('2026-12-05 09:00 Sat');
  });

  it('Monday of next week at 9:00, from any day of the week', () => {
    expect(fmt(quickPickTime('nextWeek', now))).toBe('2026-12-07 09:00 Mon');
    expect(fmt(quickPickTime('nextWeek', dayjs('2026-12-06T23:00:00')))).toBe('2026-12-07 09:00 Mon');
    // On a Monday, next week is seven days ahead, not today.
    expect(fmt(quickPickTime('nextWeek', dayjs('2026-12-07T08:00:00')))).toBe('2026-12-14 09:00 Mon');
  });

  it('crosses month and year ends', () => {
    expect(fmt(quickPickTime('tomorrow', dayjs('2026-12-31T18:00:00')))).toBe('2027-01-01 09:00 Fri');
  });
});

describe('reminder labels', () => {
  it('names each preset', () => {
    expect(reminderLabel(NO_REMINDER)).toEqual({ key: 'none', count: 0 });
    expect(reminderLabel(0)).toEqual({ key: 'atTime', count: 0 });
    expect(reminderLabel(15)).toEqual({ key: 'minutes', count: 15 });
    expect(reminderLabel(120)).toEqual({ key: 'hours', count: 2 });
    expect(reminderLabel(1440)).toEqual({ key: 'days', count: 1 });
  });
});

describe('follow-up bodies', () => {
  const happenedAt = dayjs('2026-12-02T10:00:00Z');

  it('logs on a customer, empty texts as null, the next time with its reminder', () => {
    const body = toCreateBody(
      { method: 'phone', happenedAt, content: '  谈了报价 ', feedback: '', agreements: '下周签约', nextFollowUpAt: dayjs('2026-12-03T01:00:00Z'), reminderMinutes: 30, contactId: null },
      { customerId: 'c1' },
    );
    expect(body).toEqual({
      customerId: 'c1',
      method: 'phone',
      happenedAt: '2026-12-02T10:00:00.000Z',
      content: '谈了报价',
      feedback: null,
      agreements: '下周签约',
      openQuestions: null,
      nextAction: null,
      nextFollowUpAt: '2026-12-03T01:00:00.000Z',
      reminderMinutes: 30,
    });
  });

  it('logs on a lead; no reminder is null; no next time sends no reminder', () => {
    const withNext = toCreateBody({ method: 'visit', happenedAt, content: 'x', nextFollowUpAt: happenedAt.add(1, 'day'), reminderMinutes: NO_REMINDER }, { leadId: 'l1' });
    expect(withNext.leadId).toBe('l1');
    expect(withNext.customerId).toBeUndefined();
    expect(withNext.reminderMinutes).toBeNull();
    const without = toCreateBody({ method: 'visit', happenedAt, content: 'x', reminderMinutes: DEFAULT_REMINDER }, { leadId: 'l1' });
    expect('nextFollowUpAt' in without).toBe(false);
    expect('reminderMinutes' in without).toBe(false);
  });

  it('puts the follow-up on someone else only when another owner was chosen', () => {
    const v = { method: 'visit', happenedAt, content: 'x' };
    expect(toCreateBody({ ...v, ownerId: 'u2' }, { customerId: 'c1', meId: 'u1' }).ownerId).toBe('u2');
    expect('ownerId' in toCreateBody({ ...v, ownerId: 'u1' }, { customerId: 'c1', meId: 'u1' })).toBe(false);
    expect('ownerId' in toCreateBody(v, { customerId: 'c1', meId: 'u1' })).toBe(false);
  });

  it('updates only what changed', () => {
    const f = {
      version: 3,
      method: 'phone',
      happenedAt: '2026-12-02T10:00:00.000Z',
      contactId: null,
      content: '谈了报价',
      feedback: null,
      agreements: null,
      openQuestions: null,
      nextAction: null,
    } as FollowUp;
    expect(toUpdateBody(f, { method: 'phone', happenedAt, content: '谈了报价', feedback: '', contactId: null })).toBeNull();
    expect(toUpdateBody(f, { method: 'email', happenedAt, content: '谈了报价', feedback: '价格偏高' })).toEqual({ version: 3, method: 'email', feedback: '价格偏高' });
    expect(toUpdateBody(f, { method: 'phone', happenedAt: happenedAt.add(1, 'hour'), content: '谈了报价' })).toEqual({ version: 3, happenedAt: '2026-12-02T11:00:00.000Z' });
  });
});
