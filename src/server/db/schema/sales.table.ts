import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ContractStatus, Currency, OrderStatus, PaymentMethod, ProductStatus, QuoteStatus, StageKind } from '../../../contracts/sales.ts';
import { campaigns } from './campaigns.table.ts';
import { businessColumns, softDelete } from './columns.ts';
import { contacts, customers } from './customers.table.ts';
import { departments, users } from './org.table.ts';

/**
 * The sales pipeline, from lead to cash: products, opportunities (商机) moving through pipeline
 * stages, quotes (报价单), orders (订单) with payments and shipping, contracts (合同) with payment
 * plans (回款计划) and payments (回款记录). Amounts are integer fen (bigint), never floating point;
 * quantities are numeric(14,3); discount and tax rates are basis points (1300 = 13%).
 */

const fen = (name: string) => bigint(name, { mode: 'number' });

/** 产品: the catalogue. A retired product stays on the documents that already name it. */
export const products = pgTable(
  'products',
  {
    ...businessColumns(),
    ...softDelete(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    category: text('category'),
    unit: text('unit').notNull().default('件'),
    listPriceFen: fen('list_price_fen').notNull(),
    currency: text('currency').$type<Currency>().notNull().default('CNY'),
    taxRateBp: integer('tax_rate_bp').notNull().default(1300),
    status: text('status').$type<ProductStatus>().notNull().default('active'),
    description: text('description'),
  },
  (t) => [
    uniqueIndex('products_sku_uq').on(sql`lower(${t.sku})`).where(sql`${t.deletedAt} is null`),
    index('products_name_idx').on(t.name, t.id).where(sql`${t.deletedAt} is null`),
  ],
);

/** The columns of a priced line, alike on opportunities, quotes and orders. */
function lineColumns() {
  return {
    id: uuid('id').primaryKey(),
    position: integer('position').notNull(),
    productId: uuid('product_id').references(() => products.id),
    /** Copied from the product when the line is written: a later rename does not rewrite history. */
    sku: text('sku'),
    name: text('name').notNull(),
    unit: text('unit'),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    unitPriceFen: fen('unit_price_fen').notNull(),
    discountBp: integer('discount_bp').notNull().default(0),
    taxRateBp: integer('tax_rate_bp').notNull().default(0),
    subtotalFen: fen('subtotal_fen').notNull(),
    discountFen: fen('discount_fen').notNull(),
    netFen: fen('net_fen').notNull(),
    taxFen: fen('tax_fen').notNull(),
    totalFen: fen('total_fen').notNull(),
  };
}

/** The totals of a document, sums of its lines (kept on the row so lists need no join). */
function totalColumns() {
  return {
    currency: text('currency').$type<Currency>().notNull().default('CNY'),
    subtotalFen: fen('subtotal_fen').notNull().default(0),
    discountFen: fen('discount_fen').notNull().default(0),
    netFen: fen('net_fen').notNull().default(0),
    taxFen: fen('tax_fen').notNull().default(0),
    totalFen: fen('total_fen').notNull().default(0),
  };
}

/**
 * 销售阶段: the pipeline, admin-editable. Exactly one `won` and one `lost` stage (the migration
 * seeds them; the service never creates or deletes another); open stages may be added, renamed,
 * reordered and retired. `key` is stable for code and reports.
 */
export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind').$type<StageKind>().notNull().default('open'),
    probability: integer('probability').notNull(),
    sortOrder: integer('sort_order').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('pipeline_stages_key_uq').on(t.key)],
);

/** 商机: a possible deal with one customer, owned by a salesperson. */
export const opportunities = pgTable(
  'opportunities',
  {
    ...businessColumns(),
    ...softDelete(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    name: text('name').notNull(),
    /** Total of the line items, or the amount entered when there are none (`amountFromItems` false). */
    amountFen: fen('amount_fen').notNull().default(0),
    amountFromItems: boolean('amount_from_items').notNull().default(false),
    currency: text('currency').$type<Currency>().notNull().default('CNY'),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => pipelineStages.id),
    /** Copied from the stage on every move, then editable: the owner's own judgement. */
    probability: integer('probability').notNull(),
    expectedCloseDate: date('expected_close_date'),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
    sourceChannel: text('source_channel'),
    /** 来源活动: the campaign the deal came from (first touch): picked, or the lead's or the customer's. */
    campaignId: uuid('campaign_id').references(() => campaigns.id),
    leadId: uuid('lead_id'),
    competitors: text('competitors'),
    nextStep: text('next_step'),
    description: text('description'),
    /** Why it was won or lost (asked when moved to won or lost). */
    closeReason: text('close_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The board of one owner and a department's forecast read these.
    index('opportunities_owner_stage_idx').on(t.ownerId, t.stageId, t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
    index('opportunities_department_stage_idx').on(t.departmentId, t.stageId, t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
    index('opportunities_department_close_idx').on(t.departmentId, t.expectedCloseDate).where(sql`${t.deletedAt} is null`),
    index('opportunities_owner_close_idx').on(t.ownerId, t.expectedCloseDate).where(sql`${t.deletedAt} is null`),
    index('opportunities_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // The list's own order (last updated first) for a wide scope, so that a search with many
    // matches (the global search's common words) walks it and stops at a page instead of
    // reading and sorting every opportunity.
    index('opportunities_updated_idx').on(t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
    // And for one owner (scope own): with only the index above, PostgreSQL walked it past every
    // other owner's opportunities (35,000 of 50,000) for a salesperson's common word.
    index('opportunities_owner_updated_idx').on(t.ownerId, t.updatedAt, t.id).where(sql`${t.deletedAt} is null`),
    // Won (and lost) by when they closed: the forecast's won figures and the board's closed columns.
    index('opportunities_closed_idx').on(t.closedAt).where(sql`${t.deletedAt} is null and ${t.closedAt} is not null`),
    index('opportunities_campaign_idx').on(t.campaignId).where(sql`${t.deletedAt} is null and ${t.campaignId} is not null`),
    index('opportunities_customer_idx').on(t.customerId).where(sql`${t.deletedAt} is null`),
  ],
);

export const opportunityItems = pgTable(
  'opportunity_items',
  {
    ...lineColumns(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
  },
  (t) => [index('opportunity_items_opportunity_idx').on(t.opportunityId, t.position), index('opportunity_items_product_idx').on(t.productId)],
);

/** Every stage move, with its time: stage durations and the deal cycle are read from here. */
export const opportunityStageChanges = pgTable(
  'opportunity_stage_changes',
  {
    id: uuid('id').primaryKey(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    /** Null for the first entry (the opportunity was created in `toStageId`). */
    fromStageId: uuid('from_stage_id').references(() => pipelineStages.id),
    toStageId: uuid('to_stage_id')
      .notNull()
      .references(() => pipelineStages.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    amountFen: fen('amount_fen').notNull(),
    probability: integer('probability').notNull(),
    reason: text('reason'),
  },
  (t) => [index('opportunity_stage_changes_opportunity_idx').on(t.opportunityId, t.changedAt)],
);

/** 报价单: a priced offer made from an opportunity, rendered as a PDF. Seen with its opportunity. */
export const quotes = pgTable(
  'quotes',
  {
    ...businessColumns(),
    ...softDelete(),
    ...totalColumns(),
    number: text('number').notNull(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    title: text('title').notNull(),
    status: text('status').$type<QuoteStatus>().notNull().default('draft'),
    quoteDate: date('quote_date').notNull(),
    validUntil: date('valid_until').notNull(),
    terms: text('terms'),
    notes: text('notes'),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The PDF last rendered and attached to the opportunity. */
    attachmentId: uuid('attachment_id'),
  },
  (t) => [
    uniqueIndex('quotes_number_uq').on(t.number),
    index('quotes_opportunity_idx').on(t.opportunityId, t.createdAt).where(sql`${t.deletedAt} is null`),
    index('quotes_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('quotes_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('quotes_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    // Sent quotes past their validity are expired by a job.
    index('quotes_valid_until_idx').on(t.validUntil).where(sql`${t.deletedAt} is null and ${t.status} = 'sent'`),
  ],
);

export const quoteItems = pgTable(
  'quote_items',
  {
    ...lineColumns(),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
  },
  (t) => [index('quote_items_quote_idx').on(t.quoteId, t.position), index('quote_items_product_idx').on(t.productId)],
);

/** 订单: a confirmed purchase, moved through its states by the order state machine. */
export const orders = pgTable(
  'orders',
  {
    ...businessColumns(),
    ...softDelete(),
    ...totalColumns(),
    number: text('number').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id),
    quoteId: uuid('quote_id').references(() => quotes.id),
    status: text('status').$type<OrderStatus>().notNull().default('created'),
    orderDate: date('order_date').notNull(),
    /** Sum of the payments recorded; the order is paid when it covers the total. */
    paidFen: fen('paid_fen').notNull().default(0),
    shippingAddress: text('shipping_address'),
    receiverName: text('receiver_name'),
    receiverPhone: text('receiver_phone'),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    notes: text('notes'),
    cancelReason: text('cancel_reason'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    uniqueIndex('orders_number_uq').on(t.number),
    index('orders_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('orders_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('orders_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('orders_customer_idx').on(t.customerId, t.createdAt).where(sql`${t.deletedAt} is null`),
    index('orders_opportunity_idx').on(t.opportunityId).where(sql`${t.deletedAt} is null`),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    ...lineColumns(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
  },
  (t) => [index('order_items_order_idx').on(t.orderId, t.position), index('order_items_product_idx').on(t.productId)],
);

/** Every state change of an order, with who and when. */
export const orderStatusChanges = pgTable(
  'order_status_changes',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status').$type<OrderStatus>(),
    toStatus: text('to_status').$type<OrderStatus>().notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    note: text('note'),
  },
  (t) => [index('order_status_changes_order_idx').on(t.orderId, t.changedAt)],
);

export const orderPayments = pgTable(
  'order_payments',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    paidOn: date('paid_on').notNull(),
    amountFen: fen('amount_fen').notNull(),
    method: text('method').$type<PaymentMethod>().notNull(),
    reference: text('reference'),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('order_payments_order_idx').on(t.orderId, t.paidOn)],
);

/** 合同: signed with a customer, for an opportunity or an order, with a payment plan. */
export const salesContracts = pgTable(
  'contracts',
  {
    ...businessColumns(),
    ...softDelete(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    opportunityId: uuid('opportunity_id').references(() => opportunities.id),
    orderId: uuid('order_id').references((): AnyPgColumn => orders.id),
    amountFen: fen('amount_fen').notNull(),
    currency: text('currency').$type<Currency>().notNull().default('CNY'),
    /** Sum of the payments recorded against the contract. */
    receivedFen: fen('received_fen').notNull().default(0),
    status: text('status').$type<ContractStatus>().notNull().default('draft'),
    signedOn: date('signed_on'),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    terms: text('terms'),
    notes: text('notes'),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    terminationReason: text('termination_reason'),
    /** Set when the owner was reminded to renew (30 days before the end): once per contract. */
    renewalRemindedAt: timestamp('renewal_reminded_at', { withTimezone: true }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    uniqueIndex('contracts_number_uq').on(t.number),
    index('contracts_owner_idx').on(t.ownerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('contracts_department_idx').on(t.departmentId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('contracts_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('contracts_customer_idx').on(t.customerId).where(sql`${t.deletedAt} is null`),
    // Active contracts by end date: the renewal reminder reads only these.
    index('contracts_ends_idx').on(t.endsOn).where(sql`${t.deletedAt} is null and ${t.status} = 'active' and ${t.renewalRemindedAt} is null`),
  ],
);

/** 回款计划: one installment of a contract's payment plan. */
export const contractInstallments = pgTable(
  'contract_installments',
  {
    id: uuid('id').primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => salesContracts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    dueOn: date('due_on').notNull(),
    amountFen: fen('amount_fen').notNull(),
    /** What the payments matched to it cover so far. */
    receivedFen: fen('received_fen').notNull().default(0),
    notes: text('notes'),
    /** Set when the owner was told it is overdue: one reminder per installment. */
    overdueRemindedAt: timestamp('overdue_reminded_at', { withTimezone: true }),
  },
  (t) => [
    index('contract_installments_contract_idx').on(t.contractId, t.position),
    // Unpaid installments by due date: the overdue job reads only these.
    index('contract_installments_unpaid_idx').on(t.dueOn).where(sql`${t.receivedFen} < ${t.amountFen} and ${t.overdueRemindedAt} is null`),
  ],
);

/** 回款记录: money received against a contract. */
export const contractPayments = pgTable(
  'contract_payments',
  {
    id: uuid('id').primaryKey(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => salesContracts.id, { onDelete: 'cascade' }),
    paidOn: date('paid_on').notNull(),
    amountFen: fen('amount_fen').notNull(),
    method: text('method').$type<PaymentMethod>().notNull(),
    reference: text('reference'),
    notes: text('notes'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('contract_payments_contract_idx').on(t.contractId, t.paidOn)],
);

/** How a payment is spread over installments (payment matching). */
export const contractPaymentAllocations = pgTable(
  'contract_payment_allocations',
  {
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => contractPayments.id, { onDelete: 'cascade' }),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => contractInstallments.id, { onDelete: 'cascade' }),
    amountFen: fen('amount_fen').notNull(),
  },
  (t) => [index('contract_payment_allocations_payment_idx').on(t.paymentId), index('contract_payment_allocations_installment_idx').on(t.installmentId)],
);
