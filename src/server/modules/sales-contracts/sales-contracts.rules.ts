import type { ContractStatus } from '../../../contracts/sales.ts';

/**
 * The rules of contracts and payment plans (合同与回款), as pure functions: which status changes
 * are allowed and by whom, how a payment is matched to installments, what is outstanding and
 * what is overdue. Dates are business dates (YYYY-MM-DD in the configured time zone).
 */

/** Steps a user may take: sign (activate) a draft, terminate an active contract. */
export const CONTRACT_TRANSITIONS: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ['active'],
  active: ['terminated'],
  expired: [],
  terminated: [],
};

/** Steps the system takes: an active contract past its end date expires. */
export const SYSTEM_CONTRACT_TRANSITIONS: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: [],
  active: ['expired'],
  expired: [],
  terminated: [],
};

export type TransitionRefusal =
  | { refused: 'contract.transition'; allowed: readonly ContractStatus[] }
  | { refused: 'contract.signedOnRequired'; path: 'signedOn' }
  | { refused: 'contract.reasonRequired'; path: 'reason' };

/**
 * Whether `from → to` is allowed for `by`, and what it needs: activating needs a signed date,
 * terminating a reason. `null` = allowed.
 */
export function checkTransition(from: ContractStatus, to: ContractStatus, by: 'user' | 'system', input: { signedOn: string | null; reason: string | null }): TransitionRefusal | null {
  const table = by === 'user' ? CONTRACT_TRANSITIONS : SYSTEM_CONTRACT_TRANSITIONS;
  if (!table[from].includes(to)) return { refused: 'contract.transition', allowed: table[from] };
  if (to === 'active' && !input.signedOn) return { refused: 'contract.signedOnRequired', path: 'signedOn' };
  if (to === 'terminated' && !input.reason?.trim()) return { refused: 'contract.reasonRequired', path: 'reason' };
  return null;
}

/** Only a draft may be deleted; a signed contract is terminated instead. */
export function mayDelete(status: ContractStatus): boolean {
  return status === 'draft';
}

/** Fields may change while a contract is draft or active; an expired or terminated one is history. */
export function mayEdit(status: ContractStatus): boolean {
  return status === 'draft' || status === 'active';
}

/** Payments are recorded against signed contracts still owing money: active, or expired with a balance. */
export function mayReceivePayments(status: ContractStatus): boolean {
  return status === 'active' || status === 'expired';
}

/** What the customer still owes: nothing on a draft (not signed) or a terminated contract. */
export function contractOutstanding(status: ContractStatus, amountFen: number, receivedFen: number): number {
  if (status !== 'active' && status !== 'expired') return 0;
  return Math.max(0, amountFen - receivedFen);
}

export interface PlanInstallment {
  id: string;
  position: number;
  dueOn: string;
  amountFen: number;
  receivedFen: number;
}

/** Due before today and not fully received. */
export function isOverdue(i: Pick<PlanInstallment, 'dueOn' | 'amountFen' | 'receivedFen'>, today: string): boolean {
  return i.dueOn < today && i.receivedFen < i.amountFen;
}

/** What the overdue installments still lack. */
export function overdueFen(installments: readonly Pick<PlanInstallment, 'dueOn' | 'amountFen' | 'receivedFen'>[], today: string): number {
  return installments.reduce((sum, i) => (isOverdue(i, today) ? sum + (i.amountFen - i.receivedFen) : sum), 0);
}

export interface Allocation {
  installmentId: string;
  amountFen: number;
}

/**
 * 回款匹配: spreads a payment over the plan. The installment named first (up to what it still
 * lacks), then the oldest unpaid installments by due date (and position for equal dates). What
 * the plan cannot take is returned as `unallocatedFen`; whether that is allowed is the caller's
 * rule.
 */
export function matchPayment(installments: readonly PlanInstallment[], amountFen: number, preferredId?: string | null): { allocations: Allocation[]; unallocatedFen: number } {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new RangeError(`payment must be a positive integer, got ${amountFen}`);
  const ordered = [...installments].sort((a, b) => (a.dueOn === b.dueOn ? a.position - b.position : a.dueOn < b.dueOn ? -1 : 1));
  const preferred = preferredId ? ordered.find((i) => i.id === preferredId) : undefined;
  const queue = preferred ? [preferred, ...ordered.filter((i) => i !== preferred)] : ordered;
  const allocations: Allocation[] = [];
  let left = amountFen;
  for (const i of queue) {
    if (left === 0) break;
    const open = i.amountFen - i.receivedFen;
    if (open <= 0) continue;
    const take = Math.min(open, left);
    allocations.push({ installmentId: i.id, amountFen: take });
    left -= take;
  }
  return { allocations, unallocatedFen: left };
}

/** What a plan still lacks in all. */
export function planOutstanding(installments: readonly Pick<PlanInstallment, 'amountFen' | 'receivedFen'>[]): number {
  return installments.reduce((sum, i) => sum + Math.max(0, i.amountFen - i.receivedFen), 0);
}

export type PaymentRefusal = { key: 'contract.paymentOverOutstanding'; params: { outstanding: number } };

/**
 * The most a new payment may be: what the plan still lacks, or without a plan what the contract
 * still lacks — and never more than the contract amount minus what was received in all.
 */
export function maxPayment(contract: { amountFen: number; receivedFen: number }, installments: readonly PlanInstallment[]): number {
  const contractLeft = Math.max(0, contract.amountFen - contract.receivedFen);
  if (installments.length === 0) return contractLeft;
  return Math.min(contractLeft, planOutstanding(installments));
}

export interface PlanRowInput {
  id?: string | undefined;
  dueOn: string;
  amountFen: number;
}

export type PlanProblem =
  | { path: string; key: 'contract.planOverAmount'; params: { planned: number; amount: number } }
  | { path: string; key: 'contract.installmentBelowReceived'; params: { received: number } }
  | { path: string; key: 'contract.installmentReceived'; params: { dueOn: string; received: number } }
  | { path: string; key: 'contract.installmentUnknown' }
  | { path: string; key: 'contract.installmentTwice' };

/**
 * Checks a new payment plan against the current one: the sum may not exceed the contract amount;
 * an installment that received money keeps it, so it may be neither cut below what it received
 * nor removed. Rows naming an id must name a current installment, each at most once.
 */
export function checkPlan(contractAmountFen: number, current: readonly PlanInstallment[], rows: readonly PlanRowInput[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const byId = new Map(current.map((i) => [i.id, i]));
  const seen = new Set<string>();
  let planned = 0;
  rows.forEach((row, index) => {
    planned += row.amountFen;
    if (!row.id) return;
    const was = byId.get(row.id);
    if (!was) problems.push({ path: `installments.${index}.id`, key: 'contract.installmentUnknown' });
    else if (seen.has(row.id)) problems.push({ path: `installments.${index}.id`, key: 'contract.installmentTwice' });
    else if (row.amountFen < was.receivedFen) problems.push({ path: `installments.${index}.amountFen`, key: 'contract.installmentBelowReceived', params: { received: was.receivedFen } });
    seen.add(row.id);
  });
  for (const i of current) {
    if (i.receivedFen > 0 && !seen.has(i.id)) problems.push({ path: 'installments', key: 'contract.installmentReceived', params: { dueOn: i.dueOn, received: i.receivedFen } });
  }
  if (planned > contractAmountFen) problems.push({ path: 'installments', key: 'contract.planOverAmount', params: { planned, amount: contractAmountFen } });
  return problems;
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}


/** The e-mail telling an owner an installment is overdue, in their language. */
export function overdueMail(i: { number: string; title: string; customerName: string; dueOn: string; outstanding: string }, locale: string | null): { subject: string; text: string } {
  if (locale === 'en') {
    return {
      subject: `Payment overdue: ${i.number} ${i.title}`,
      text: [`The installment of contract ${i.number} “${i.title}” (customer: ${i.customerName}) due on ${i.dueOn} still lacks ${i.outstanding}.`, '', 'Open Kehu to follow it up or record the payment.'].join('\n'),
    };
  }
  return {
    subject: `回款逾期：${i.number} ${i.title}`,
    text: [`合同 ${i.number}「${i.title}」（客户：${i.customerName}）于 ${i.dueOn} 到期的回款尚欠 ${i.outstanding}。`, '', '请登录客户系统跟进或登记回款。'].join('\n'),
  };
}

/** The e-mail reminding an owner to renew a contract that ends soon. */
export function renewalMail(c: { number: string; title: string; customerName: string; endsOn: string }, locale: string | null): { subject: string; text: string } {
  if (locale === 'en') {
    return {
      subject: `Contract ending: ${c.number} ${c.title}`,
      text: [`Contract ${c.number} “${c.title}” with ${c.customerName} ends on ${c.endsOn}.`, '', 'Talk to the customer about renewing it.'].join('\n'),
    };
  }
  return {
    subject: `合同即将到期：${c.number} ${c.title}`,
    text: [`与 ${c.customerName} 的合同 ${c.number}「${c.title}」将于 ${c.endsOn} 到期。`, '', '请及时与客户沟通续约。'].join('\n'),
  };
}
