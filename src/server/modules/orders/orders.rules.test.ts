import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from '../../../contracts/sales.ts';
import { acceptsPayments, afterSalesDue, applyPayment, deletable, isRepurchase, itemsEditable, notesEditable, ORDER_TRANSITIONS, orderTransition } from './orders.rules.ts';

const now = new Date('2026-03-02T10:00:00Z');
const full = { reason: '客户取消采购', carrier: '顺丰速运', trackingNumber: 'SF1234567890', paidFen: 10_000, totalFen: 10_000 };

/** The legal steps, written out once more by hand: the table in the rules must match it exactly. */
const LEGAL: [OrderStatus, OrderStatus][] = [
  ['created', 'confirmed'],
  ['created', 'cancelled'],
  ['confirmed', 'paid'],
  ['confirmed', 'cancelled'],
  ['paid', 'shipped'],
  ['paid', 'cancelled'],
  ['shipped', 'delivered'],
  ['delivered', 'completed'],
];
const isLegal = (from: OrderStatus, to: OrderStatus) => LEGAL.some(([f, t]) => f === from && t === to);

describe('the order state machine', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

  it('lists exactly the legal steps', () => {
    expect(pairs).toHaveLength(49);
    for (const [from, to] of pairs) expect(ORDER_TRANSITIONS[from].includes(to), `${from} → ${to}`).toBe(isLegal(from, to));
  });

  it.each(pairs.filter(([f, t]) => isLegal(f, t)))('allows %s → %s', (from, to) => {
    const result = orderTransition(from, to, full, now);
    expect(result).toHaveProperty('ok');
    if ('ok' in result) expect(result.ok.status).toBe(to);
  });

  it.each(pairs.filter(([f, t]) => !isLegal(f, t)))('refuses %s → %s with 422', (from, to) => {
    expect(orderTransition(from, to, full, now)).toEqual({ refused: 'order.transition' });
  });

  it('ends at completed and cancelled, and never goes back to created', () => {
    expect(ORDER_TRANSITIONS.completed).toEqual([]);
    expect(ORDER_TRANSITIONS.cancelled).toEqual([]);
    for (const s of ORDER_STATUSES) expect(ORDER_TRANSITIONS[s]).not.toContain('created');
  });

  it('cancels only before shipping, and only with a reason', () => {
    for (const s of ['shipped', 'delivered', 'completed', 'cancelled'] as const) expect(orderTransition(s, 'cancelled', full, now)).toEqual({ refused: 'order.transition' });
    expect(orderTransition('confirmed', 'cancelled', { ...full, reason: '  ' }, now)).toEqual({ missing: ['reason'] });
    expect(orderTransition('paid', 'cancelled', { ...full, reason: undefined }, now)).toEqual({ missing: ['reason'] });
    expect(orderTransition('created', 'cancelled', { ...full, reason: ' 重复下单 ' }, now)).toEqual({ ok: { status: 'cancelled', cancelledAt: now, cancelReason: '重复下单' }, note: '重复下单' });
  });

  it('ships with a carrier and a tracking number', () => {
    expect(orderTransition('paid', 'shipped', { ...full, carrier: '', trackingNumber: undefined }, now)).toEqual({ missing: ['carrier', 'trackingNumber'] });
    expect(orderTransition('paid', 'shipped', { ...full, trackingNumber: ' ' }, now)).toEqual({ missing: ['trackingNumber'] });
    expect(orderTransition('paid', 'shipped', full, now)).toEqual({ ok: { status: 'shipped', shippedAt: now, carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, note: '顺丰速运 SF1234567890' });
  });

  it('reaches paid by hand only when the payments already cover the total', () => {
    expect(orderTransition('confirmed', 'paid', { ...full, paidFen: 9_999 }, now)).toEqual({ refused: 'order.paidByPayments' });
    expect(orderTransition('confirmed', 'paid', { paidFen: 0, totalFen: 0 }, now)).toEqual({ ok: { status: 'paid', paidAt: now }, note: null });
  });

  it('stamps the time of each step', () => {
    expect(orderTransition('created', 'confirmed', full, now)).toEqual({ ok: { status: 'confirmed', confirmedAt: now }, note: null });
    expect(orderTransition('shipped', 'delivered', full, now)).toEqual({ ok: { status: 'delivered', deliveredAt: now }, note: null });
    expect(orderTransition('delivered', 'completed', full, now)).toEqual({ ok: { status: 'completed', completedAt: now }, note: null });
  });
});

describe('what an order allows in each state', () => {
  it('edits lines and deletes only while created, notes until it ends, payments while confirmed', () => {
    for (const s of ORDER_STATUSES) {
      expect(itemsEditable(s), s).toBe(s === 'created');
      expect(deletable(s), s).toBe(s === 'created');
      expect(notesEditable(s), s).toBe(s !== 'completed' && s !== 'cancelled');
      expect(acceptsPayments(s), s).toBe(s === 'confirmed');
    }
  });
});

describe('payments', () => {
  it('are partial until the total is covered, and never above what is outstanding', () => {
    expect(applyPayment(0, 100_000, 30_000)).toEqual({ paidFen: 30_000, coversTotal: false });
    expect(applyPayment(30_000, 100_000, 70_000)).toEqual({ paidFen: 100_000, coversTotal: true });
    expect(applyPayment(30_000, 100_000, 70_001)).toEqual({ refused: 'order.overpayment', outstandingFen: 70_000 });
    expect(applyPayment(100_000, 100_000, 1)).toEqual({ refused: 'order.overpayment', outstandingFen: 0 });
  });
});

describe('customer figures and after-sales', () => {
  it('calls more than one paid order a repurchase', () => {
    expect([0, 1, 2, 5].map(isRepurchase)).toEqual([false, false, true, true]);
  });
  it('dues the after-sales follow-up whole days after delivery', () => {
    expect(afterSalesDue(now, 7).toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });
});
