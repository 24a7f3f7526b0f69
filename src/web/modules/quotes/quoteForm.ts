import { lineAmounts, parseYuan, percentToBp, quantityToMilli, sumLines, type LineAmounts } from '../../../contracts/money.ts';
import type { CreateQuoteBody, QuoteDetail, UpdateQuoteBody } from '../../../contracts/quotes.ts';
import type { DocumentTotals, LineItem, LineItemInput } from '../../../contracts/sales.ts';
import type { Product } from '../../../contracts/products.ts';

/**
 * The quote form's values and how they become the API's bodies. Prices are typed in yuan and
 * sent as fen, converted through text (never by multiplying a float); the totals shown while
 * typing use the same money rules as the server, whose figures are the ones kept.
 */
export type LineValues = {
  productId?: string | null;
  sku?: string | null;
  name?: string;
  unit?: string | null;
  quantity?: number | null;
  /** Unit price before tax, in yuan (2 decimals). */
  unitPrice?: number | null;
  discountPercent?: number | null;
  taxRatePercent?: number | null;
};

export type QuoteValues = {
  title?: string;
  validUntil?: string;
  terms?: string;
  notes?: string;
  /** The customer's contact the quote is for (printed on it, and whom 发送报价单 mails by default). */
  contactId?: string | null;
  items: LineValues[];
};

export function linesFromItems(items: readonly LineItem[]): LineValues[] {
  return items.map((i) => ({ productId: i.productId, sku: i.sku, name: i.name, unit: i.unit, quantity: i.quantity, unitPrice: i.unitPriceFen / 100, discountPercent: i.discountPercent, taxRatePercent: i.taxRatePercent }));
}

/**
 * A line once a catalogue product is picked: the product's name, SKU, unit, list price and tax
 * rate; the quantity and discount already typed stay (a new line: 1, no discount).
 */
export function lineFromProduct(product: Product, current: LineValues | undefined): LineValues {
  return {
    ...current,
    productId: product.id,
    sku: product.sku,
    name: product.name,
    unit: product.unit,
    unitPrice: product.listPriceFen / 100,
    taxRatePercent: product.taxRatePercent,
    quantity: current?.quantity ?? 1,
    discountPercent: current?.discountPercent ?? 0,
  };
}

/** Yuan as typed (a number with at most 2 decimals) → fen, exactly; null when it is not an amount. */
export function yuanToFen(yuan: number | null | undefined): number | null {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan) || yuan < 0) return null;
  return parseYuan(yuan.toFixed(2));
}

export function toLineInputs(lines: readonly LineValues[]): LineItemInput[] {
  return lines.map((l) => ({
    productId: l.productId ?? null,
    name: l.name?.trim() || undefined,
    unit: l.unit?.trim() || undefined,
    quantity: l.quantity ?? 0,
    unitPriceFen: yuanToFen(l.unitPrice) ?? undefined,
    discountPercent: l.discountPercent ?? 0,
    taxRatePercent: l.taxRatePercent ?? undefined,
  }));
}

/** The amounts of a line as typed so far, or null while it is incomplete. */
export function previewLine(l: LineValues | undefined): LineAmounts | null {
  const fen = yuanToFen(l?.unitPrice);
  if (!l || fen === null || !l.quantity || l.quantity <= 0) return null;
  try {
    return lineAmounts({ quantityMilli: quantityToMilli(l.quantity), unitPriceFen: fen, discountBp: percentToBp(l.discountPercent ?? 0), taxRateBp: percentToBp(l.taxRatePercent ?? 0) });
  } catch {
    return null;
  }
}

export function previewTotals(lines: readonly (LineValues | undefined)[]): DocumentTotals {
  return sumLines(lines.map(previewLine).filter((l): l is LineAmounts => l !== null));
}

export function toCreateBody(opportunityId: string, v: QuoteValues, withItems: boolean): CreateQuoteBody {
  return {
    opportunityId,
    validUntil: v.validUntil ?? '',
    title: v.title?.trim() || undefined,
    terms: v.terms?.trim() || null,
    notes: v.notes?.trim() || null,
    // Always sent: left out, the server would take the opportunity's contact even when the user cleared it.
    contactId: v.contactId ?? null,
    ...(withItems ? { items: toLineInputs(v.items) } : {}),
  };
}

export function initialEditValues(q: QuoteDetail): QuoteValues {
  return { title: q.title, validUntil: q.validUntil, terms: q.terms ?? '', notes: q.notes ?? '', contactId: q.contactId, items: linesFromItems(q.items) };
}

/** What changed in a draft; null when nothing did. Lines are sent whole when any of them changed. */
export function quoteChanges(q: QuoteDetail, v: QuoteValues): UpdateQuoteBody | null {
  const body: UpdateQuoteBody = { version: q.version };
  const initial = initialEditValues(q);
  if ((v.title?.trim() ?? '') !== initial.title && v.title?.trim()) body.title = v.title.trim();
  if (v.validUntil && v.validUntil !== initial.validUntil) body.validUntil = v.validUntil;
  if ((v.terms?.trim() ?? '') !== (initial.terms ?? '')) body.terms = v.terms?.trim() || null;
  if ((v.notes?.trim() ?? '') !== (initial.notes ?? '')) body.notes = v.notes?.trim() || null;
  if ((v.contactId ?? null) !== initial.contactId) body.contactId = v.contactId ?? null;
  if (JSON.stringify(toLineInputs(v.items)) !== JSON.stringify(toLineInputs(initial.items))) body.items = toLineInputs(v.items);
  return Object.keys(body).length > 1 ? body : null;
}
