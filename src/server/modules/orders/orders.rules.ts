import type { OrderStatus } from '../../../contracts/sales.ts';

/**
 * The order state machine (订单状态): created → confirmed → paid → shipped → delivered →
 * completed, and cancelled from created, confirmed or paid (before shipping). Completed and
 * cancelled orders end there. `paid` is reached by payments covering the total (the payment use
 * case moves the order); a transition to `paid` is accepted only when they already do (an order
 * whose total is 0).
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  created: ['confirmed', 'cancelled'],
  confirmed: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
};

/** States whose order counts as bought: lifetime value, paid order count, repurchase. */
export const PAID_STATUSES: readonly OrderStatus[] = ['paid', 'shipped', 'delivered', 'completed'];

/** Lines, currency, contact and address change only before the order is confirmed. */
export function itemsEditable(status: OrderStatus): boolean {
  return status === 'created';
}

/** Notes may be added until the order ends. */
export function notesEditable(status: OrderStatus): boolean {
  return status !== 'completed' && status !== 'cancelled';
}

export function deletable(status: OrderStatus): boolean {
  return status === 'created';
}

/** Payments are recorded on confirmed orders only (a created order is not yet agreed). */
export function acceptsPayments(status: OrderStatus): boolean {
  return status === 'confirmed';
}

export interface TransitionInput {
  reason?: string | undefined;
  carrier?: string | undefined;
  trackingNumber?: string | undefined;
  paidFen: number;
  totalFen: number;
}

/** The columns a transition sets on the order. */
export interface TransitionValues {
  status: OrderStatus;
  confirmedAt?: Date;
  paidAt?: Date;
  shippedAt?: Date;
  deliveredAt?: Date;
  completedAt?: Date;
  cancelledAt?: Date;
  cancelReason?: string;
  carrier?: string;
  trackingNumber?: string;
}

export type TransitionResult =
  | { ok: TransitionValues; note: string | null }
  /** 422: not a step from here (or `paid` without the payments). */
  | { refused: 'order.transition' | 'order.paidByPayments' }
  /** 400: a field the step needs is missing. */
  | { missing: ('reason' | 'carrier' | 'trackingNumber')[] };

const filled = (s: string | undefined): s is string => !!s && s.trim() !== '';

export function orderTransition(from: OrderStatus, to: OrderStatus, input: TransitionInput, now: Date): TransitionResult {
  if (!ORDER_TRANSITIONS[from].includes(to)) return { refused: 'order.transition' };
  switch (to) {
    case 'confirmed':
      return { ok: { status: to, confirmedAt: now }, note: null };
    case 'paid':
      if (input.paidFen < input.totalFen) return { refused: 'order.paidByPayments' };
      return { ok: { status: to, paidAt: now }, note: null };
    case 'shipped': {
      const missing = (['carrier', 'trackingNumber'] as const).filter((k) => !filled(input[k]));
      if (missing.length > 0) return { missing };
      const carrier = (input.carrier ?? '').trim();
      const trackingNumber = (input.trackingNumber ?? '').trim();
      return { ok: { status: to, shippedAt: now, carrier, trackingNumber }, note: `${carrier} ${trackingNumber}` };
    }
    case 'delivered':
      return { ok: { status: to, deliveredAt: now }, note: null };
    case 'completed':
      return { ok: { status: to, completedAt: now }, note: null };
    case 'cancelled': {
      if (!filled(input.reason)) return { missing: ['reason'] };
      const reason = input.reason.trim();
      return { ok: { status: to, cancelledAt: now, cancelReason: reason }, note: reason };
    }
    case 'created':
      // No state leads back to created (ORDER_TRANSITIONS has none): unreachable.
      return { refused: 'order.transition' };
  }
}

/** What a payment does: refused above the outstanding amount; `paid` when it covers the total. */
export function applyPayment(paidFen: number, totalFen: number, amountFen: number): { refused: 'order.overpayment'; outstandingFen: number } | { paidFen: number; coversTotal: boolean } {
  const outstandingFen = Math.max(totalFen - paidFen, 0);
  if (amountFen > outstandingFen) return { refused: 'order.overpayment', outstandingFen };
  const after = paidFen + amountFen;
  return { paidFen: after, coversTotal: after >= totalFen };
}

/** Repurchase (复购): more than one paid order. */
export function isRepurchase(paidOrderCount: number): boolean {
  return paidOrderCount > 1;
}

/** When the after-sales follow-up of a delivered order is due. */
export function afterSalesDue(deliveredAt: Date, days: number): Date {
  return new Date(deliveredAt.getTime() + days * 24 * 60 * 60 * 1000);
}
