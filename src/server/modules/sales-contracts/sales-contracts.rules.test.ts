import { describe, expect, it } from 'vitest';
import { CONTRACT_STATUSES, type ContractStatus } from '../../../contracts/sales.ts';
import { businessDate } from '../../platform/clock.ts';
import {
  addDays,
  checkPlan,
  checkTransition,
  CONTRACT_TRANSITIONS,
  contractOutstanding,
  isOverdue,
  matchPayment,
  maxPayment,
  mayDelete,
  overdueFen,
  type PlanInstallment,
} from './sales-contracts.rules.ts';

const ok = { signedOn: '2026-03-01', reason: '客户破产' };

describe('contract status changes', () => {
  // Every pair, for a user and for the system: the whole table, legal and illegal.
  const userLegal = new Set(['draft>active', 'active>terminated']);
  const systemLegal = new Set(['active>expired']);
  for (const from of CONTRACT_STATUSES) {
    for (const to of CONTRACT_STATUSES) {
      const key = `${from}>${to}`;
      it(`user ${key}: ${userLegal.has(key) ? 'allowed' : 'refused'}`, () => {
        const result = checkTransition(from, to, 'user', ok);
        if (userLegal.has(key)) expect(result).toBeNull();
        else expect(result).toEqual({ refused: 'contract.transition', allowed: CONTRACT_TRANSITIONS[from] });
      });
      it(`system ${key}: ${systemLegal.has(key) ? 'allowed' : 'refused'}`, () => {
        const result = checkTransition(from, to, 'system', ok);
        if (systemLegal.has(key)) expect(result).toBeNull();
        else expect(result).toMatchObject({ refused: 'contract.transition' });
      });
    }
  }
  it('names the allowed steps when refusing', () => {
    expect(checkTransition('draft', 'terminated', 'user', ok)).toEqual({ refused: 'contract.transition', allowed: ['active'] });
    expect(checkTransition('expired', 'active', 'user', ok)).toEqual({ refused: 'contract.transition', allowed: [] });
  });
  it('needs a signed date to activate and a reason to terminate', () => {
    expect(checkTransition('draft', 'active', 'user', { signedOn: null, reason: null })).toEqual({ refused: 'contract.signedOnRequired', path: 'signedOn' });
    expect(checkTransition('active', 'terminated', 'user', { signedOn: '2026-01-01', reason: '  ' })).toEqual({ refused: 'contract.reasonRequired', path: 'reason' });
  });
  it('deletes drafts only', () => {
    expect(CONTRACT_STATUSES.filter((s: ContractStatus) => mayDelete(s))).toEqual(['draft']);
  });
  it('owes nothing on drafts and terminated contracts', () => {
    expect(contractOutstanding('draft', 1000, 0)).toBe(0);
    expect(contractOutstanding('terminated', 1000, 300)).toBe(0);
    expect(contractOutstanding('active', 1000, 300)).toBe(700);
    expect(contractOutstanding('expired', 1000, 1000)).toBe(0);
  });
});

const plan: PlanInstallment[] = [
  { id: 'b', position: 1, dueOn: '2026-06-30', amountFen: 40_000_00, receivedFen: 0 },
  { id: 'a', position: 0, dueOn: '2026-03-31', amountFen: 30_000_00, receivedFen: 10_000_00 },
  { id: 'c', position: 2, dueOn: '2026-06-30', amountFen: 30_000_01, receivedFen: 0 },
];

describe('payment matching', () => {
  it('fills the oldest unpaid installments by due date, then position', () => {
    expect(matchPayment(plan, 50_000_00)).toEqual({
      allocations: [
        { installmentId: 'a', amountFen: 20_000_00 },
        { installmentId: 'b', amountFen: 30_000_00 },
      ],
      unallocatedFen: 0,
    });
    expect(matchPayment(plan, 90_000_01).allocations).toEqual([
      { installmentId: 'a', amountFen: 20_000_00 },
      { installmentId: 'b', amountFen: 40_000_00 },
      { installmentId: 'c', amountFen: 30_000_01 },
    ]);
  });
  it('goes to the named installment first', () => {
    expect(matchPayment(plan, 45_000_00, 'c').allocations).toEqual([
      { installmentId: 'c', amountFen: 30_000_01 },
      { installmentId: 'a', amountFen: 14_999_99 },
    ]);
  });
  it('skips full installments and reports what the plan cannot take', () => {
    const paid = plan.map((i) => (i.id === 'a' ? { ...i, receivedFen: i.amountFen } : i));
    expect(matchPayment(paid, 1, 'a')).toEqual({ allocations: [{ installmentId: 'b', amountFen: 1 }], unallocatedFen: 0 });
    expect(matchPayment(paid, 80_000_02)).toEqual({
      allocations: [
        { installmentId: 'b', amountFen: 40_000_00 },
        { installmentId: 'c', amountFen: 30_000_01 },
      ],
      unallocatedFen: 10_000_01,
    });
    expect(matchPayment([], 500)).toEqual({ allocations: [], unallocatedFen: 500 });
  });
  it('refuses amounts that are not positive whole fen', () => {
    expect(() => matchPayment(plan, 0)).toThrow(RangeError);
    expect(() => matchPayment(plan, 1.5)).toThrow(RangeError);
  });
  it('caps a payment at what the plan lacks, or without a plan at what the contract lacks', () => {
    expect(maxPayment({ amountFen: 100_000_01, receivedFen: 10_000_00 }, plan)).toBe(90_000_01);
    expect(maxPayment({ amountFen: 100_000_00, receivedFen: 10_000_00 }, [])).toBe(90_000_00);
    expect(maxPayment({ amountFen: 50_000_00, receivedFen: 10_000_00 }, plan)).toBe(40_000_00);
  });
});

describe('overdue installments', () => {
  it('are due before today and not fully received', () => {
    expect(isOverdue({ dueOn: '2026-03-30', amountFen: 100, receivedFen: 99 }, '2026-03-31')).toBe(true);
    expect(isOverdue({ dueOn: '2026-03-31', amountFen: 100, receivedFen: 0 }, '2026-03-31')).toBe(false);
    expect(isOverdue({ dueOn: '2026-03-01', amountFen: 100, receivedFen: 100 }, '2026-03-31')).toBe(false);
    expect(overdueFen(plan, '2026-07-01')).toBe(20_000_00 + 40_000_00 + 30_000_01);
    expect(overdueFen(plan, '2026-04-01')).toBe(20_000_00);
  });
  it('use the business date of the configured time zone', () => {
    // 2026-03-31 17:00 UTC is already April 1st in Shanghai.
    expect(businessDate(new Date('2026-03-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(businessDate(new Date('2026-03-31T17:00:00Z'), 'UTC')).toBe('2026-03-31');
    expect(addDays('2026-02-27', 30)).toBe('2026-03-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('payment plan changes', () => {
  it('may not exceed the contract amount', () => {
    expect(checkPlan(100, [], [{ dueOn: '2026-01-01', amountFen: 60 }, { dueOn: '2026-02-01', amountFen: 41 }])).toEqual([
      { path: 'installments', key: 'contract.planOverAmount', params: { planned: 101, amount: 100 } },
    ]);
    expect(checkPlan(100, [], [{ dueOn: '2026-01-01', amountFen: 100 }])).toEqual([]);
  });
  it('keeps what installments received: not cut below it, not removed', () => {
    expect(checkPlan(100_000_00, plan, [{ id: 'a', dueOn: '2026-04-30', amountFen: 9_999_99 }])).toEqual([{ path: 'installments.0.amountFen', key: 'contract.installmentBelowReceived', params: { received: 10_000_00 } }]);
    expect(checkPlan(100_000_00, plan, [{ id: 'b', dueOn: '2026-06-30', amountFen: 1 }])).toEqual([{ path: 'installments', key: 'contract.installmentReceived', params: { dueOn: '2026-03-31', received: 10_000_00 } }]);
    expect(checkPlan(100_000_00, plan, [{ id: 'a', dueOn: '2026-05-31', amountFen: 10_000_00 }])).toEqual([]);
  });
  it('names unknown and repeated ids', () => {
    expect(checkPlan(100_000_00, plan, [{ id: 'a', dueOn: '2026-05-31', amountFen: 10_000_00 }, { id: 'a', dueOn: '2026-05-31', amountFen: 10_000_00 }, { id: 'z', dueOn: '2026-05-31', amountFen: 1 }]).map((p) => `${p.path}:${p.key}`)).toEqual([
      'installments.1.id:contract.installmentTwice',
      'installments.2.id:contract.installmentUnknown',
    ]);
  });
});
