import type { Currency, DocumentTotals, LineItem, LineItemInput } from '../../../contracts/sales.ts';
import { bpToPercent, lineAmounts, milliToQuantity, percentToBp, quantityToMilli, sumLines } from '../../../contracts/money.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { invalid, type ErrorDetail } from '../../platform/errors.ts';
import { productsByIds, type NewLineRow, type StoredLineRow } from './products.queries.ts';

/**
 * Prices the lines of an opportunity, quote or order from the catalogue: the product gives the
 * name, unit, list price and tax rate unless the line sets them; every amount is computed here
 * (money rules in contracts/money.ts), never taken from the client. Used by every module with
 * line items, each storing the result in its own items table.
 */

/** A priced line, ready to insert into any items table (with that table's document id added). */
export type PricedLine = NewLineRow & { id: string };

/** A line as stored in any of the items tables. */
export type StoredLine = StoredLineRow;

export interface PriceOptions {
  currency: Currency;
  /** Products already on the document: they may stay on it though retired since. */
  keepProductIds?: ReadonlySet<string>;
  /** Path of the lines in the request body, for error details (`items.2.productId`). */
  path?: string;
}

export async function priceLines(db: DbOrTx, inputs: readonly LineItemInput[], opts: PriceOptions): Promise<{ lines: PricedLine[]; totals: DocumentTotals }> {
  const path = opts.path ?? 'items';
  const ids = [...new Set(inputs.map((l) => l.productId).filter((id): id is string => !!id))];
  const byId = new Map((await productsByIds(db, ids)).map((p) => [p.id, p]));
  const problems: ErrorDetail[] = [];
  const lines: PricedLine[] = [];
  inputs.forEach((input, i) => {
    const product = input.productId ? byId.get(input.productId) : undefined;
    if (input.productId) {
      const kept = opts.keepProductIds?.has(input.productId) ?? false;
      if (!product || (product.deletedAt && !kept)) return void problems.push({ path: `${path}.${i}.productId`, key: 'NOT_FOUND', params: { entity: 'product' } });
      if (product.status === 'retired' && !kept) return void problems.push({ path: `${path}.${i}.productId`, key: 'product.retired', params: { name: product.name } });
      if (input.unitPriceFen === undefined && product.currency !== opts.currency) {
        return void problems.push({ path: `${path}.${i}.unitPriceFen`, key: 'product.currencyMismatch', params: { productCurrency: product.currency, currency: opts.currency } });
      }
    }
    const name = input.name ?? product?.name;
    if (!name) return void problems.push({ path: `${path}.${i}.name`, key: 'validation.required' });
    const figures = {
      quantityMilli: quantityToMilli(input.quantity),
      unitPriceFen: input.unitPriceFen ?? product?.listPriceFen ?? 0,
      discountBp: percentToBp(input.discountPercent),
      taxRateBp: input.taxRatePercent !== undefined ? percentToBp(input.taxRatePercent) : (product?.taxRateBp ?? 0),
    };
    let amounts;
    try {
      amounts = lineAmounts(figures);
    } catch {
      return void problems.push({ path: `${path}.${i}.quantity`, key: 'money.tooLarge' });
    }
    lines.push({
      id: newId(),
      position: i + 1,
      productId: product?.id ?? null,
      sku: product?.sku ?? null,
      name,
      unit: input.unit ?? product?.unit ?? null,
      quantity: (figures.quantityMilli / 1000).toFixed(3),
      unitPriceFen: figures.unitPriceFen,
      discountBp: figures.discountBp,
      taxRateBp: figures.taxRateBp,
      ...amounts,
    });
  });
  if (problems.length > 0) throw invalid(problems);
  return { lines, totals: sumLines(lines) };
}

/** Stored lines copied for another document (a quote from an opportunity, an order from a quote). */
export function copyLines(rows: readonly StoredLine[]): PricedLine[] {
  return [...rows].sort((a, b) => a.position - b.position).map((r, i) => ({ ...r, id: newId(), position: i + 1 }));
}

export function totalsOf(rows: readonly StoredLine[]): DocumentTotals {
  return sumLines(rows);
}

/** A stored line as the API shows it. */
export function toLineItem(row: StoredLine): LineItem {
  return {
    id: row.id,
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    quantity: milliToQuantity(Math.round(Number(row.quantity) * 1000)),
    unitPriceFen: row.unitPriceFen,
    discountPercent: bpToPercent(row.discountBp),
    taxRatePercent: bpToPercent(row.taxRateBp),
    subtotalFen: row.subtotalFen,
    discountFen: row.discountFen,
    netFen: row.netFen,
    taxFen: row.taxFen,
    totalFen: row.totalFen,
  };
}

/** A stored line back as input (to edit a document's lines, keeping prices as they were). */
export function toLineInput(row: StoredLine): LineItemInput {
  const item = toLineItem(row);
  return { productId: item.productId, name: item.name, unit: item.unit ?? undefined, quantity: item.quantity, unitPriceFen: item.unitPriceFen, discountPercent: item.discountPercent, taxRatePercent: item.taxRatePercent };
}
