import { lineAmounts, parseYuan, percentToBp, quantityToMilli, sumLines, type LineAmounts } from '../../../contracts/money.ts';
import type { Currency, DocumentTotals } from '../../../contracts/sales.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { Order } from '../../../contracts/orders.ts';
import type { CreateOrderBody, UpdateOrderBody } from './orders.api.ts';

/**
 * The create-order form: lines typed in yuan (2 decimals) and turned into exact fen with
 * parseYuan, previewed with the same money rules as the server (contracts/money.ts); the
 * server's figures are the ones kept.
 */

export type LineValues = {
  productId?: string | null;
  name?: string;
  quantity?: number | null;
  /** Unit price before tax, in yuan as typed ("1234.5"). */
  unitPrice?: string;
  discountPercent?: number | null;
  taxRatePercent?: number | null;
};

export type OrderFormValues = {
  customerId?: string | null;
  contactId?: string | null;
  currency: Currency;
  orderDate?: string | null;
  items: LineValues[];
  shippingAddress?: string;
  receiverName?: string;
  receiverPhone?: string;
  notes?: string;
};

/** 123456 → "1234.56": the amount as the price field shows it (no grouping, exact). */
export function fenToYuanInput(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function decimalsAtMost(value: number, places: number): boolean {
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** A line's amounts, or null while it is incomplete or not a valid amount. */
export function previewLine(line: LineValues | undefined): LineAmounts | null {
  if (!line) return null;
  const unitPriceFen = parseYuan(line.unitPrice ?? '');
  const quantity = line.quantity;
  if (unitPriceFen === null || quantity === null || quantity === undefined || !(quantity > 0) || !decimalsAtMost(quantity, 3)) return null;
  const discount = line.discountPercent ?? 0;
  const tax = line.taxRatePercent ?? 0;
  if (discount < 0 || discount > 100 || tax < 0 || tax > 100 || !decimalsAtMost(discount, 2) || !decimalsAtMost(tax, 2)) return null;
  try {
    return lineAmounts({ quantityMilli: quantityToMilli(quantity), unitPriceFen, discountBp: percentToBp(discount), taxRateBp: percentToBp(tax) });
  } catch {
    return null;
  }
}

/** Totals of the lines that are complete so far. */
export function previewTotals(lines: readonly (LineValues | undefined)[]): DocumentTotals {
  return sumLines(lines.map(previewLine).filter((l): l is LineAmounts => l !== null));
}

export function toCreateOrderBody(v: OrderFormValues): CreateOrderBody {
  return {
    customerId: v.customerId ?? undefined,
    contactId: v.contactId ?? null,
    currency: v.currency,
    orderDate: v.orderDate ?? undefined,
    items: v.items.map((l) => ({
      productId: l.productId ?? null,
      name: emptyToNull(l.name) ?? undefined,
      quantity: l.quantity ?? 0,
      unitPriceFen: parseYuan(l.unitPrice ?? '') ?? undefined,
      discountPercent: l.discountPercent ?? 0,
      taxRatePercent: l.taxRatePercent ?? 0,
    })),
    shippingAddress: emptyToNull(v.shippingAddress),
    receiverName: emptyToNull(v.receiverName),
    receiverPhone: emptyToNull(v.receiverPhone),
    notes: emptyToNull(v.notes),
  };
}

/** The form's values for an order being edited (while it is created): its lines as typed in yuan. */
export function initialOrderValues(order: Order): OrderFormValues {
  return {
    customerId: order.customerId,
    contactId: order.contactId,
    currency: order.currency,
    orderDate: order.orderDate,
    items: order.items.map((i) => ({ productId: i.productId, name: i.name, quantity: i.quantity, unitPrice: fenToYuanInput(i.unitPriceFen), discountPercent: i.discountPercent, taxRatePercent: i.taxRatePercent })),
    shippingAddress: order.shippingAddress ?? '',
    receiverName: order.receiverName ?? '',
    receiverPhone: order.receiverPhone ?? '',
    notes: order.notes ?? '',
  };
}

/**
 * Only what changed goes into the PATCH, with the version it was read at; the lines go whole when
 * any of them changed (the server prices them again). null when nothing did.
 */
export function orderChanges(order: Order, v: OrderFormValues): UpdateOrderBody | null {
  const next = toCreateOrderBody(v);
  const body: UpdateOrderBody = { version: order.version };
  if ((next.contactId ?? null) !== order.contactId) body.contactId = next.contactId ?? null;
  if (next.currency !== order.currency) body.currency = next.currency;
  if (next.orderDate && next.orderDate !== order.orderDate) body.orderDate = next.orderDate;
  for (const key of ['shippingAddress', 'receiverName', 'receiverPhone', 'notes'] as const) {
    if ((next[key] ?? null) !== order[key]) body[key] = next[key] ?? null;
  }
  const before = toCreateOrderBody(initialOrderValues(order)).items;
  if (JSON.stringify(next.items) !== JSON.stringify(before)) body.items = next.items;
  return Object.keys(body).length > 1 ? body : null;
}
