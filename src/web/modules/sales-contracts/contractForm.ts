import dayjs, { type Dayjs } from 'dayjs';
import type { Contract, ContractDetail } from '../../../contracts/sales-contracts.ts';
import type { Currency } from '../../../contracts/sales.ts';
import { formatFen, parseYuan } from '../../../contracts/money.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { CreateContractBody, ReplaceInstallmentsBody, UpdateContractBody } from './sales-contracts.api.ts';

/**
 * The contract forms' values and how they become API bodies. Amounts are typed in yuan (元) with
 * at most 2 decimals in an InputNumber in string mode, and turned into fen with parseYuan on the
 * digits themselves — never by multiplying a float by 100.
 */

/** 1234.5 / "1234.5" → 123450; null for anything that is not an amount with at most 2 decimals. */
export function yuanToFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  return parseYuan(typeof value === 'number' ? String(value) : value);
}

/** 123450 → "1234.50": what an InputNumber in string mode shows for an amount in fen. */
export function fenToYuan(fen: number): string {
  return formatFen(fen).replaceAll(',', '');
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const dayOf = (s: string | null) => (s ? dayjs(s) : null);

export type ContractFormTarget = { mode: 'create'; customer?: { id: string; name: string } } | { mode: 'edit'; contract: Contract };

export type ContractValues = {
  title: string;
  customerId?: string | null;
  contactId?: string | null;
  opportunityId?: string | null;
  orderId?: string | null;
  amountYuan: string | null;
  currency: Currency;
  signedOn?: Dayjs | null;
  period?: [Dayjs | null, Dayjs | null] | null;
  terms?: string;
  notes?: string;
  ownerId?: string | null;
};

export function initialContractValues(target: ContractFormTarget): ContractValues {
  if (target.mode === 'create') return { title: '', customerId: target.customer?.id ?? null, contactId: null, opportunityId: null, orderId: null, amountYuan: null, currency: 'CNY', signedOn: null, period: null, terms: '', notes: '', ownerId: null };
  const c = target.contract;
  return {
    title: c.title,
    customerId: c.customerId,
    contactId: c.contactId,
    opportunityId: c.opportunityId,
    orderId: c.orderId,
    amountYuan: fenToYuan(c.amountFen),
    currency: c.currency,
    signedOn: dayOf(c.signedOn),
    period: c.startsOn || c.endsOn ? [dayOf(c.startsOn), dayOf(c.endsOn)] : null,
    terms: c.terms ?? '',
    notes: c.notes ?? '',
    ownerId: c.ownerId,
  };
}

export function toCreateContractBody(v: ContractValues): CreateContractBody {
  return {
    title: v.title.trim(),
    customerId: v.customerId ?? '',
    contactId: v.contactId ?? null,
    opportunityId: v.opportunityId ?? null,
    orderId: v.orderId ?? null,
    amountFen: yuanToFen(v.amountYuan) ?? 0,
    currency: v.currency,
    signedOn: day(v.signedOn),
    startsOn: day(v.period?.[0]),
    endsOn: day(v.period?.[1]),
    terms: emptyToNull(v.terms),
    notes: emptyToNull(v.notes),
    ...(v.ownerId ? { ownerId: v.ownerId } : {}),
  };
}

/**
 * What a contract takes from the opportunity or order it is for, when picked: its amount and
 * currency, and its name as the title — only where the form is still empty, so nothing typed is
 * overwritten.
 */
export function fillFromSource(v: Pick<ContractValues, 'title' | 'amountYuan'>, source: { title: string; amountFen: number; currency: Currency }): Partial<ContractValues> {
  const fill: Partial<ContractValues> = {};
  if (!v.title?.trim()) fill.title = source.title;
  if (v.amountYuan === null || v.amountYuan === undefined || v.amountYuan === '') {
    fill.amountYuan = fenToYuan(source.amountFen);
    fill.currency = source.currency;
  }
  return fill;
}

/** Only what changed goes into the PATCH, with the version it was read at; null when nothing did. */
export function contractChanges(c: Contract, v: ContractValues): UpdateContractBody | null {
  const body: UpdateContractBody = { version: c.version };
  const next = toCreateContractBody(v);
  if (next.title !== c.title) body.title = next.title;
  if ((next.contactId ?? null) !== c.contactId) body.contactId = next.contactId ?? null;
  if ((next.opportunityId ?? null) !== c.opportunityId) body.opportunityId = next.opportunityId ?? null;
  if ((next.orderId ?? null) !== c.orderId) body.orderId = next.orderId ?? null;
  if (next.amountFen !== c.amountFen) body.amountFen = next.amountFen;
  if (next.currency !== c.currency) body.currency = next.currency;
  if ((next.signedOn ?? null) !== c.signedOn) body.signedOn = next.signedOn ?? null;
  if ((next.startsOn ?? null) !== c.startsOn) body.startsOn = next.startsOn ?? null;
  if ((next.endsOn ?? null) !== c.endsOn) body.endsOn = next.endsOn ?? null;
  if ((next.terms ?? null) !== c.terms) body.terms = next.terms ?? null;
  if ((next.notes ?? null) !== c.notes) body.notes = next.notes ?? null;
  if (v.ownerId && v.ownerId !== c.ownerId) body.ownerId = v.ownerId;
  return Object.keys(body).length > 1 ? body : null;
}

/** One row of the payment plan editor. `key` keeps React rows apart; `id` is set for kept installments. */
export type PlanRow = { key: string; id?: string; dueOn: Dayjs | null; amountYuan: string | null; notes?: string; receivedFen: number };

export function planRows(c: Pick<ContractDetail, 'installments'>): PlanRow[] {
  return c.installments.map((i) => ({ key: i.id, id: i.id, dueOn: dayjs(i.dueOn), amountYuan: fenToYuan(i.amountFen), notes: i.notes ?? '', receivedFen: i.receivedFen }));
}

/** The plan's sum in fen (rows without a valid amount count as 0). */
export function planSum(rows: readonly PlanRow[]): number {
  return rows.reduce((s, r) => s + (yuanToFen(r.amountYuan) ?? 0), 0);
}

/** The PUT body, or the index of the first incomplete row. */
export function toPlanBody(rows: readonly PlanRow[]): ReplaceInstallmentsBody | { incomplete: number } {
  const installments: ReplaceInstallmentsBody['installments'] = [];
  for (const [index, r] of rows.entries()) {
    const amountFen = yuanToFen(r.amountYuan);
    if (!r.dueOn || amountFen === null || amountFen <= 0) return { incomplete: index };
    installments.push({ ...(r.id ? { id: r.id } : {}), dueOn: r.dueOn.format('YYYY-MM-DD'), amountFen, notes: emptyToNull(r.notes) });
  }
  return { installments };
}
