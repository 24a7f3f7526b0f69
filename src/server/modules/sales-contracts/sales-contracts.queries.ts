import { and, asc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { contacts, contractInstallments, contractPaymentAllocations, contractPayments, customers, opportunities, orders, salesContracts, users } from '../../db/schema/index.ts';
import { ownerDepartmentRule, viewerScope, type RowLock, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';

const owner = alias(users, 'contract_owner');
const recorder = alias(users, 'contract_payment_recorder');

/** What the overdue installments of the contract lack on `today` (a business date). */
function overdueSum(today: string) {
  return sql<number>`coalesce((select sum(i.amount_fen - i.received_fen) from ${contractInstallments} i
    where i.contract_id = ${salesContracts.id} and i.due_on < ${today}::date and i.received_fen < i.amount_fen), 0)::bigint`.mapWith(Number);
}

/**
 * 合同 are seen by their owner and, by data scope, by the owner's department (like an order). The
 * scanned contract attached to one is as visible as the contract, not its customer.
 */
export const contractScope: ScopeRule = ownerDepartmentRule(salesContracts.ownerId, salesContracts.departmentId, salesContracts.deletedAt);

const namedColumns = {
  contract: salesContracts,
  customerName: customers.name,
  contactName: contacts.name,
  opportunityName: opportunities.name,
  orderNumber: orders.number,
  ownerName: owner.displayName,
};

/** A contract with the names it shows (no figures: those need the business date). */
function selectNamedContracts(db: DbOrTx) {
  return db
    .select(namedColumns)
    .from(salesContracts)
    .innerJoin(customers, eq(customers.id, salesContracts.customerId))
    .leftJoin(contacts, eq(contacts.id, salesContracts.contactId))
    .leftJoin(opportunities, eq(opportunities.id, salesContracts.opportunityId))
    .leftJoin(orders, eq(orders.id, salesContracts.orderId))
    .leftJoin(owner, eq(owner.id, salesContracts.ownerId));
}
export type NamedContractRow = Awaited<ReturnType<ReturnType<typeof selectNamedContracts>['execute']>>[number];

/** A contract with its names and what its overdue installments lack on `today`. */
function selectContracts(db: DbOrTx, today: string) {
  return db
    .select({ ...namedColumns, overdueFen: overdueSum(today) })
    .from(salesContracts)
    .innerJoin(customers, eq(customers.id, salesContracts.customerId))
    .leftJoin(contacts, eq(contacts.id, salesContracts.contactId))
    .leftJoin(opportunities, eq(opportunities.id, salesContracts.opportunityId))
    .leftJoin(orders, eq(orders.id, salesContracts.orderId))
    .leftJoin(owner, eq(owner.id, salesContracts.ownerId));
}
export type ContractRow = Awaited<ReturnType<ReturnType<typeof selectContracts>['execute']>>[number];
/** A contract's own columns. */
export type ContractRecord = typeof salesContracts.$inferSelect;
/** The columns a contract edit sets. */
export type ContractValues = Partial<typeof salesContracts.$inferInsert>;

/** A live contract as `viewer` sees it, with its names (the scoped finder's read). */
export async function findContract(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<NamedContractRow | null> {
  const query = selectNamedContracts(db)
    .where(and(eq(salesContracts.id, id), isNull(salesContracts.deletedAt), viewerScope(viewer, contractScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: salesContracts }) : query);
  return row ?? null;
}

/** A live contract as `viewer` sees it, with its figures on `today` (a business date). */
export async function findContractOn(db: DbOrTx, id: string, viewer: Viewer, today: string): Promise<ContractRow | null> {
  const [row] = await selectContracts(db, today)
    .where(and(eq(salesContracts.id, id), isNull(salesContracts.deletedAt), viewerScope(viewer, contractScope)))
    .limit(1);
  return row ?? null;
}

/**
 * Locks a contract the caller was already found to see (one writer at a time per contract), for an
 * edit that checks the amount against the plan and what was received.
 */
export async function lockContract(db: DbOrTx, id: string): Promise<ContractRecord | null> {
  const [row] = await db
    .select()
    .from(salesContracts)
    .where(and(eq(salesContracts.id, id), isNull(salesContracts.deletedAt)))
    .limit(1)
    .for('update');
  return row ?? null;
}

export interface ContractFilters {
  status?: string | undefined;
  customerId?: string | undefined;
  ownerId?: string | undefined;
  q?: string | undefined;
  /** The ids `q` matches, when few (fewMatches of contractSearchBranches): read instead of testing `q` on every contract. */
  matchIds?: readonly string[] | undefined;
  /** Active contracts ending between `today` and `endingBy` (inclusive). */
  endingBy?: string | undefined;
  hasOverdue?: boolean | undefined;
}

function hasOverdueInstallment(today: string): SQL {
  return sql`exists (select 1 from ${contractInstallments} i where i.contract_id = ${salesContracts.id} and i.due_on < ${today}::date and i.received_fen < i.amount_fen)`;
}

/** The search's index-served branch (see fewMatches): number and title through their bigrams (the global search's migration repeats the expression). */
export function contractSearchBranches(q: string): SQL[] {
  if ([...q].length < 2) return [];
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return [
    sql`select ${salesContracts.id} from ${salesContracts} where ${salesContracts.deletedAt} is null and (${salesContracts.number} ilike ${like} or ${salesContracts.title} ilike ${like}) and kehu_bigrams(${salesContracts.number} || ' ' || ${salesContracts.title}) @> kehu_bigrams(${q})`,
  ];
}

function filterConditions(f: ContractFilters, today: string): (SQL | undefined)[] {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return [
    f.status ? eq(salesContracts.status, f.status as 'draft') : undefined,
    f.customerId ? eq(salesContracts.customerId, f.customerId) : undefined,
    f.ownerId ? eq(salesContracts.ownerId, f.ownerId) : undefined,
    f.matchIds ? inArray(salesContracts.id, [...f.matchIds]) : like ? or(ilike(salesContracts.number, like), ilike(salesContracts.title, like)) : undefined,
    f.endingBy ? and(eq(salesContracts.status, 'active'), gte(salesContracts.endsOn, today), lte(salesContracts.endsOn, f.endingBy)) : undefined,
    f.hasOverdue === true ? and(inArray(salesContracts.status, ['active', 'expired']), hasOverdueInstallment(today)) : undefined,
    f.hasOverdue === false ? sql`not (${salesContracts.status} in ('active', 'expired') and ${hasOverdueInstallment(today)})` : undefined,
  ];
}

/** The contract list's one order: newest first. */
export const newestContractsFirst: SortKey = sortKey('-createdAt', { createdAt: { column: salesContracts.createdAt, type: 'timestamptz' } });

const contractListWhere = (viewer: Viewer, filters: ContractFilters, today: string) =>
  and(isNull(salesContracts.deletedAt), viewerScope(viewer, contractScope), ...filterConditions(filters, today));

export async function listContracts(db: DbOrTx, opts: { viewer: Viewer; filters: ContractFilters; today: string; sort: SortKey; cursor?: string | undefined; limit: number }) {
  return selectContracts(db, opts.today)
    .where(and(contractListWhere(opts.viewer, opts.filters, opts.today), afterCursor(opts.sort, salesContracts.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, salesContracts.id))
    .limit(opts.limit + 1);
}

/** The total of a contract list (listContracts without cursor, order and limit). */
export function countContracts(db: DbOrTx, opts: { viewer: Viewer; filters: ContractFilters; today: string; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, selectContracts(db, opts.today).where(contractListWhere(opts.viewer, opts.filters, opts.today)), opts.exactUpTo);
}

/**
 * Totals of one customer's contracts in the caller's scope: the signed amount (not drafts),
 * what was received, and what active and expired contracts still lack and lack overdue.
 */
export async function customerTotals(db: DbOrTx, customerId: string, viewer: Viewer, today: string) {
  const [row] = await db
    .select({
      contractCount: sql<number>`count(*)::int`.mapWith(Number),
      amountFen: sql<number>`coalesce(sum(${salesContracts.amountFen}) filter (where ${salesContracts.status} <> 'draft'), 0)::bigint`.mapWith(Number),
      receivedFen: sql<number>`coalesce(sum(${salesContracts.receivedFen}), 0)::bigint`.mapWith(Number),
      outstandingFen: sql<number>`coalesce(sum(greatest(${salesContracts.amountFen} - ${salesContracts.receivedFen}, 0)) filter (where ${salesContracts.status} in ('active', 'expired')), 0)::bigint`.mapWith(Number),
      overdueFen: sql<number>`coalesce(sum(${overdueSum(today)}) filter (where ${salesContracts.status} in ('active', 'expired')), 0)::bigint`.mapWith(Number),
    })
    .from(salesContracts)
    .where(and(eq(salesContracts.customerId, customerId), isNull(salesContracts.deletedAt), viewerScope(viewer, contractScope)));
  return row ?? { contractCount: 0, amountFen: 0, receivedFen: 0, outstandingFen: 0, overdueFen: 0 };
}

export async function insertContract(db: DbOrTx, values: typeof salesContracts.$inferInsert): Promise<string> {
  const [row] = await db.insert(salesContracts).values(values).returning({ id: salesContracts.id });
  if (!row) throw new Error('contract insert returned nothing');
  return row.id;
}

export async function updateContract(db: DbOrTx, id: string, version: number, values: ContractValues): Promise<boolean> {
  const rows = await db
    .update(salesContracts)
    .set({ ...values, version: sql`${salesContracts.version} + 1` })
    .where(and(eq(salesContracts.id, id), eq(salesContracts.version, version), isNull(salesContracts.deletedAt)))
    .returning({ id: salesContracts.id });
  return rows.length === 1;
}

/** Sets the received total (the contract is locked by the caller); not a user edit, so no version bump. */
export async function setContractReceived(db: DbOrTx, id: string, receivedFen: number, at: Date): Promise<void> {
  await db.update(salesContracts).set({ receivedFen, updatedAt: at }).where(eq(salesContracts.id, id));
}

export async function softDeleteContract(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(salesContracts).set({ deletedAt: at, updatedAt: at }).where(eq(salesContracts.id, id));
}

// ------------------------------------------------------------------------------------------
// Payment plan and payments

export type InstallmentRow = typeof contractInstallments.$inferSelect;

export async function installmentsOf(db: DbOrTx, contractId: string): Promise<InstallmentRow[]> {
  return db.select().from(contractInstallments).where(eq(contractInstallments.contractId, contractId)).orderBy(asc(contractInstallments.position));
}

export async function deleteInstallments(db: DbOrTx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(contractInstallments).where(inArray(contractInstallments.id, [...ids]));
}

export async function updateInstallment(db: DbOrTx, id: string, values: Partial<typeof contractInstallments.$inferInsert>): Promise<void> {
  await db.update(contractInstallments).set(values).where(eq(contractInstallments.id, id));
}

export async function insertInstallments(db: DbOrTx, rows: (typeof contractInstallments.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(contractInstallments).values(rows);
}

/** Adds (or with a negative amount takes back) received money on installments. */
export async function addReceived(db: DbOrTx, allocations: readonly { installmentId: string; amountFen: number }[]): Promise<void> {
  for (const a of allocations) {
    await db
      .update(contractInstallments)
      .set({ receivedFen: sql`${contractInstallments.receivedFen} + ${a.amountFen}` })
      .where(eq(contractInstallments.id, a.installmentId));
  }
}

export async function paymentsOf(db: DbOrTx, contractId: string) {
  return db
    .select({ payment: contractPayments, recordedByName: recorder.displayName })
    .from(contractPayments)
    .leftJoin(recorder, eq(recorder.id, contractPayments.recordedBy))
    .where(eq(contractPayments.contractId, contractId))
    .orderBy(asc(contractPayments.paidOn), asc(contractPayments.recordedAt));
}

export async function allocationsOf(db: DbOrTx, contractId: string) {
  return db
    .select({ paymentId: contractPaymentAllocations.paymentId, installmentId: contractPaymentAllocations.installmentId, amountFen: contractPaymentAllocations.amountFen })
    .from(contractPaymentAllocations)
    .innerJoin(contractPayments, eq(contractPayments.id, contractPaymentAllocations.paymentId))
    .where(eq(contractPayments.contractId, contractId));
}

export async function findPayment(db: DbOrTx, contractId: string, paymentId: string) {
  const [row] = await db
    .select()
    .from(contractPayments)
    .where(and(eq(contractPayments.id, paymentId), eq(contractPayments.contractId, contractId)))
    .limit(1);
  return row ?? null;
}

export async function insertPayment(db: DbOrTx, values: typeof contractPayments.$inferInsert): Promise<void> {
  await db.insert(contractPayments).values(values);
}

export async function insertAllocations(db: DbOrTx, paymentId: string, allocations: readonly { installmentId: string; amountFen: number }[]): Promise<void> {
  if (allocations.length === 0) return;
  await db.insert(contractPaymentAllocations).values(allocations.map((a) => ({ paymentId, installmentId: a.installmentId, amountFen: a.amountFen })));
}

export async function deletePayment(db: DbOrTx, paymentId: string): Promise<void> {
  // Its allocations go with it (on delete cascade).
  await db.delete(contractPayments).where(eq(contractPayments.id, paymentId));
}

// ------------------------------------------------------------------------------------------
// Jobs: each takes its rows with FOR UPDATE SKIP LOCKED and marks them in the same statement

export interface OverdueRow extends Record<string, unknown> {
  id: string;
  contract_id: string;
  due_on: string;
  outstanding_fen: string;
  number: string;
  title: string;
  currency: string;
  customer_id: string;
  customer_name: string;
  owner_id: string;
  email: string | null;
  locale: string | null;
}

/** Installments due before `today`, not fully received and not yet reminded, of active or expired contracts: marked reminded. */
export async function takeOverdueInstallments(db: DbOrTx, today: string, now: Date, limit: number) {
  return db.execute<OverdueRow>(sql`
    with due as (
      select i.id from ${contractInstallments} i
      join ${salesContracts} c on c.id = i.contract_id
      where i.due_on < ${today}::date and i.received_fen < i.amount_fen and i.overdue_reminded_at is null
        and c.deleted_at is null and c.status in ('active', 'expired')
      order by i.due_on
      limit ${limit}
      for update of i skip locked
    )
    update ${contractInstallments} i set overdue_reminded_at = ${now.toISOString()}::timestamptz
    from due, ${salesContracts} c, ${customers} cu, ${users} u
    where i.id = due.id and c.id = i.contract_id and cu.id = c.customer_id and u.id = c.owner_id
    returning i.id, i.contract_id, to_char(i.due_on, 'YYYY-MM-DD') as due_on, (i.amount_fen - i.received_fen)::text as outstanding_fen,
      c.number, c.title, c.currency, c.customer_id, cu.name as customer_name, c.owner_id, u.email, u.locale`);
}

export interface RenewalRow extends Record<string, unknown> {
  id: string;
  number: string;
  title: string;
  ends_on: string;
  customer_id: string;
  customer_name: string;
  owner_id: string;
  email: string | null;
  locale: string | null;
}

/** Active contracts ending between `today` and `until`, not yet reminded: marked reminded. */
export async function takeRenewals(db: DbOrTx, today: string, until: string, now: Date, limit: number) {
  return db.execute<RenewalRow>(sql`
    with due as (
      select c.id from ${salesContracts} c
      where c.deleted_at is null and c.status = 'active' and c.renewal_reminded_at is null
        and c.ends_on >= ${today}::date and c.ends_on <= ${until}::date
      order by c.ends_on
      limit ${limit}
      for update skip locked
    )
    update ${salesContracts} c set renewal_reminded_at = ${now.toISOString()}::timestamptz
    from due, ${customers} cu, ${users} u
    where c.id = due.id and cu.id = c.customer_id and u.id = c.owner_id
    returning c.id, c.number, c.title, to_char(c.ends_on, 'YYYY-MM-DD') as ends_on, c.customer_id, cu.name as customer_name, c.owner_id, u.email, u.locale`);
}

export interface ExpiredRow extends Record<string, unknown> {
  id: string;
  number: string;
  title: string;
  ends_on: string;
  customer_id: string;
  owner_id: string;
  department_id: string | null;
}

/** Active contracts whose end date is before `today`: made expired. */
export async function expireContracts(db: DbOrTx, today: string, now: Date, limit: number) {
  return db.execute<ExpiredRow>(sql`
    with due as (
      select c.id from ${salesContracts} c
      where c.deleted_at is null and c.status = 'active' and c.ends_on < ${today}::date
      limit ${limit}
      for update skip locked
    )
    update ${salesContracts} c set status = 'expired', updated_at = ${now.toISOString()}::timestamptz, version = c.version + 1
    from due
    where c.id = due.id
    returning c.id, c.number, c.title, to_char(c.ends_on, 'YYYY-MM-DD') as ends_on, c.customer_id, c.owner_id, c.department_id`);
}
