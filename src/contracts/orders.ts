import { z } from 'zod';
import { isoDateTime, listQuery, versioned, isoDate } from './common.ts';
import { currencySchema, documentTotals, fenSchema, lineItem, lineItemInput, ORDER_STATUSES, paymentMethodSchema, paymentRecord } from './sales.ts';

/**
 * 订单: request and response shapes of the order API. An order moves created → confirmed → paid →
 * shipped → delivered → completed (or is cancelled before shipping); `paid` is reached by
 * recording payments that cover the total. Amounts are integer fen.
 */

export const orderStatusSchema = z.enum(ORDER_STATUSES);
const text = (max: number) => z.string().trim().max(max);

export const orderSummary = z
  .object({
    id: z.uuid(),
    number: z.string(),
    customerId: z.uuid(),
    customerName: z.string(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    opportunityId: z.uuid().nullable(),
    quoteId: z.uuid().nullable(),
    status: orderStatusSchema,
    orderDate: isoDate,
    currency: currencySchema,
    ...documentTotals.shape,
    paidFen: z.number().int().meta({ description: 'Sum of the payments recorded' }),
    outstandingFen: z.number().int().meta({ description: 'total − paid (0 when covered)' }),
    shippingAddress: z.string().nullable(),
    receiverName: z.string().nullable(),
    receiverPhone: z.string().nullable(),
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    notes: z.string().nullable(),
    cancelReason: z.string().nullable(),
    confirmedAt: isoDateTime.nullable(),
    paidAt: isoDateTime.nullable(),
    shippedAt: isoDateTime.nullable(),
    deliveredAt: isoDateTime.nullable(),
    completedAt: isoDateTime.nullable(),
    cancelledAt: isoDateTime.nullable(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'OrderSummary' });
export type OrderSummary = z.infer<typeof orderSummary>;

export const orderPayment = paymentRecord.meta({ id: 'OrderPayment' });
export type OrderPayment = z.infer<typeof orderPayment>;

export const orderStatusChange = z
  .object({
    id: z.uuid(),
    fromStatus: orderStatusSchema.nullable().meta({ description: 'null for the creation' }),
    toStatus: orderStatusSchema,
    changedAt: isoDateTime,
    changedBy: z.uuid().nullable(),
    changedByName: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'OrderStatusChange' });
export type OrderStatusChange = z.infer<typeof orderStatusChange>;

export const order = orderSummary
  .extend({
    items: z.array(lineItem),
    payments: z.array(orderPayment),
    history: z.array(orderStatusChange).meta({ description: 'Every state change, oldest first' }),
    allowedTransitions: z.array(orderStatusSchema).meta({ description: 'The states this order may move to now (paid only through payments)' }),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof order>;

const address = {
  shippingAddress: text(300).nullable().optional(),
  receiverName: text(50).nullable().optional(),
  receiverPhone: text(30).nullable().optional(),
};

export const createOrderBody = z
  .object({
    customerId: z.uuid().optional().meta({ description: 'Required for a direct order; taken from the opportunity or quote otherwise' }),
    contactId: z.uuid().nullable().optional(),
    opportunityId: z.uuid().optional().meta({ description: 'Create from a won opportunity (its line items are copied)' }),
    quoteId: z.uuid().optional().meta({ description: 'Create from an accepted quote (its line items are copied)' }),
    items: z.array(lineItemInput).min(1).max(200).optional().meta({ description: 'Required for a direct order; replaces the copied lines when given with a source' }),
    currency: currencySchema.optional().meta({ description: 'CNY by default; the source document’s currency otherwise' }),
    orderDate: isoDate.optional().meta({ description: 'Today by default' }),
    ...address,
    notes: text(2000).nullable().optional(),
    ownerId: z.uuid().optional().meta({ description: 'Defaults to the caller; someone in the caller’s data scope' }),
  })
  .strict();

/** Lines, currency, date, contact and address change only while the order is `created`; notes any time before it ends. */
export const updateOrderBody = versioned
  .extend({
    contactId: z.uuid().nullable().optional(),
    items: z.array(lineItemInput).min(1).max(200).optional(),
    currency: currencySchema.optional(),
    orderDate: isoDate.optional(),
    ...address,
    notes: text(2000).nullable().optional(),
  })
  .strict();

/** States a transition may name (`paid` only when the payments already cover the total, e.g. a free order). */
export const orderTransitionBody = versioned
  .extend({
    to: orderStatusSchema,
    reason: text(500).optional().meta({ description: 'Required to cancel' }),
    carrier: text(100).optional().meta({ description: 'Required to ship' }),
    trackingNumber: text(100).optional().meta({ description: 'Required to ship' }),
  })
  .strict();

export const orderPaymentBody = z
  .object({
    paidOn: isoDate,
    amountFen: fenSchema.min(1),
    method: paymentMethodSchema,
    reference: text(100).nullable().optional(),
    notes: text(500).nullable().optional(),
    version: z.number().int().min(1).optional().meta({ description: 'When given, 409 if the order changed since' }),
  })
  .strict();

export const listOrdersQuery = listQuery.extend({
  status: orderStatusSchema.optional(),
  customerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  q: z.string().trim().max(50).optional().meta({ description: 'Order number or customer name contains' }),
  from: isoDate.optional().meta({ description: 'Order date on or after' }),
  to: isoDate.optional().meta({ description: 'Order date on or before' }),
});

export const orderSettings = z
  .object({
    afterSalesDays: z.number().int().min(1).max(365).meta({ description: 'Days after delivery the after-sales follow-up task is due' }),
  })
  .strict()
  .meta({ id: 'OrderSettings' });
export type OrderSettings = z.infer<typeof orderSettings>;
export const DEFAULT_ORDER_SETTINGS: OrderSettings = { afterSalesDays: 7 };
