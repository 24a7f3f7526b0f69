import { z } from 'zod';
import { isoDate, isoDateTime } from './common.ts';

/**
 * The sales pipeline's shared vocabulary (商机、报价单、订单、合同、回款): states, payment methods,
 * currencies and the shape of a priced line. Amounts are integer fen (分) everywhere in the API;
 * quantities have at most 3 decimals, discount and tax rates are percentages with at most 2
 * decimals. How totals are computed and rounded: docs/sales.md and platform/money/money.ts.
 */

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY'] as const;
export type Currency = (typeof CURRENCIES)[number];
export const currencySchema = z.enum(CURRENCIES);

/** What a pipeline stage means: still open, or the end of the deal. */
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const PRODUCT_STATUSES = ['active', 'retired'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export const ORDER_STATUSES = ['created', 'confirmed', 'paid', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const CONTRACT_STATUSES = ['draft', 'active', 'expired', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'cheque', 'alipay', 'wechat_pay', 'card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const paymentMethodSchema = z.enum(PAYMENT_METHODS);

/** Largest amount accepted: 10^13 fen (1,000 亿元), far inside exact JavaScript integers. */
export const MAX_FEN = 10_000_000_000_000;

function decimals(value: number, places: number): boolean {
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export const fenSchema = z
  .number()
  .int({ message: 'validation.fenInteger' })
  .min(0)
  .max(MAX_FEN)
  .meta({ description: 'Amount in fen (分), an integer: 1234.56 元 = 123456' });
export const quantitySchema = z
  .number()
  .gt(0)
  .max(1_000_000_000)
  .refine((v) => decimals(v, 3), { message: 'validation.quantityDecimals' })
  .meta({ description: 'Quantity, at most 3 decimals' });
export const percentSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((v) => decimals(v, 2), { message: 'validation.percentDecimals' })
  .meta({ description: 'Percentage 0–100, at most 2 decimals (13 = 13%)' });

/** A line as entered: product (optional: free lines are allowed), quantity, price and rates. */
export const lineItemInput = z
  .object({
    productId: z.uuid().nullable().optional(),
    name: z.string().trim().min(1).max(200).optional().meta({ description: 'Defaults to the product name; required without a product' }),
    unit: z.string().trim().max(20).optional(),
    quantity: quantitySchema,
    unitPriceFen: fenSchema.optional().meta({ description: 'Unit price before tax in fen; defaults to the product list price' }),
    discountPercent: percentSchema.default(0),
    taxRatePercent: percentSchema.optional().meta({ description: 'Defaults to the product tax rate (0 without a product)' }),
  })
  .strict();
export type LineItemInput = z.infer<typeof lineItemInput>;

/** A line as stored, with the amounts the server computed. */
export const lineItem = z
  .object({
    id: z.uuid(),
    productId: z.uuid().nullable(),
    sku: z.string().nullable(),
    name: z.string(),
    unit: z.string().nullable(),
    quantity: z.number(),
    unitPriceFen: z.number().int(),
    discountPercent: z.number(),
    taxRatePercent: z.number(),
    subtotalFen: z.number().int().meta({ description: 'quantity × unit price, rounded to the fen' }),
    discountFen: z.number().int(),
    netFen: z.number().int().meta({ description: 'subtotal − discount (before tax)' }),
    taxFen: z.number().int(),
    totalFen: z.number().int().meta({ description: 'net + tax' }),
  })
  .meta({ id: 'LineItem' });
export type LineItem = z.infer<typeof lineItem>;

/** Totals of a document (opportunity, quote, order): sums of its lines. */
export const documentTotals = z
  .object({
    subtotalFen: z.number().int(),
    discountFen: z.number().int(),
    netFen: z.number().int(),
    taxFen: z.number().int(),
    totalFen: z.number().int(),
  })
  .meta({ id: 'DocumentTotals' });
export type DocumentTotals = z.infer<typeof documentTotals>;

/** Money received (回款) as recorded against an order or a contract. */
export const paymentRecord = z.object({
  id: z.uuid(),
  paidOn: isoDate,
  amountFen: z.number().int(),
  method: paymentMethodSchema,
  reference: z.string().nullable(),
  notes: z.string().nullable(),
  recordedBy: z.uuid().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: isoDateTime,
});
