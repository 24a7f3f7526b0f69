import type { DocumentTotals } from './sales.ts';

/**
 * Money arithmetic of the sales pipeline, exact to the fen. Shared by the server (which computes
 * every stored amount) and the web (which previews a line while it is typed); the server's
 * figures are the ones kept.
 *
 * Rules (docs/sales.md):
 * - amounts are integer fen; quantities have 3 decimals, rates 2 decimals (basis points);
 * - unit prices are before tax;
 * - per line: subtotal = quantity × unit price; discount = subtotal × discount rate;
 *   net = subtotal − discount; tax = net × tax rate; total = net + tax;
 *   each of subtotal, discount and tax is rounded half up (四舍五入) to the fen on its own;
 * - a document's totals are the sums of its lines' rounded amounts (never re-rounded);
 * - weighted amount = amount × probability, rounded half up.
 * The products are computed in BigInt, so no intermediate value loses precision.
 */

export interface LineFigures {
  /** Quantity in thousandths (1.5 → 1500). */
  quantityMilli: number;
  unitPriceFen: number;
  /** Basis points: 1000 = 10%. */
  discountBp: number;
  taxRateBp: number;
}

export interface LineAmounts {
  subtotalFen: number;
  discountFen: number;
  netFen: number;
  taxFen: number;
  totalFen: number;
}

/** n / d rounded half up, for n ≥ 0 and d > 0. */
function divideHalfUp(n: bigint, d: bigint): bigint {
  return (n * 2n + d) / (d * 2n);
}

function toNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount out of range: ${v}`);
  return Number(v);
}

/** 1.5 → 1500; the caller has checked there are at most 3 decimals. */
export function quantityToMilli(quantity: number): number {
  return Math.round(quantity * 1000);
}

export function milliToQuantity(milli: number): number {
  return milli / 1000;
}

/** 13 → 1300, 12.5 → 1250; at most 2 decimals. */
export function percentToBp(percent: number): number {
  return Math.round(percent * 100);
}

export function bpToPercent(bp: number): number {
  return bp / 100;
}

export function lineAmounts(line: LineFigures): LineAmounts {
  for (const [name, v] of Object.entries(line)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  if (line.discountBp > 10_000 || line.taxRateBp > 10_000) throw new RangeError('rates are at most 100%');
  const subtotal = divideHalfUp(BigInt(line.quantityMilli) * BigInt(line.unitPriceFen), 1000n);
  const discount = divideHalfUp(subtotal * BigInt(line.discountBp), 10_000n);
  const net = subtotal - discount;
  const tax = divideHalfUp(net * BigInt(line.taxRateBp), 10_000n);
  return { subtotalFen: toNumber(subtotal), discountFen: toNumber(discount), netFen: toNumber(net), taxFen: toNumber(tax), totalFen: toNumber(net + tax) };
}

export function sumLines(lines: readonly LineAmounts[]): DocumentTotals {
  const total = { subtotalFen: 0n, discountFen: 0n, netFen: 0n, taxFen: 0n, totalFen: 0n };
  for (const l of lines) {
    total.subtotalFen += BigInt(l.subtotalFen);
    total.discountFen += BigInt(l.discountFen);
    total.netFen += BigInt(l.netFen);
    total.taxFen += BigInt(l.taxFen);
    total.totalFen += BigInt(l.totalFen);
  }
  return { subtotalFen: toNumber(total.subtotalFen), discountFen: toNumber(total.discountFen), netFen: toNumber(total.netFen), taxFen: toNumber(total.taxFen), totalFen: toNumber(total.totalFen) };
}

/** Amount × probability (0–100), rounded half up: the forecast's weighted amount. */
export function weightedFen(amountFen: number, probability: number): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError(`amount must be a non-negative integer, got ${amountFen}`);
  if (!Number.isInteger(probability) || probability < 0 || probability > 100) throw new RangeError(`probability must be 0–100, got ${probability}`);
  return toNumber(divideHalfUp(BigInt(amountFen) * BigInt(probability), 100n));
}

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥' };

/**
 * 123456 → "1,234.56"; with a currency, its symbol in front ("¥1,234.56"). Done on the integer,
 * not through a float, so every fen prints as stored.
 */
export function formatFen(fen: number, currency?: string): string {
  const negative = fen < 0;
  const abs = BigInt(Math.abs(Math.trunc(fen)));
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  const symbol = currency ? (SYMBOLS[currency] ?? `${currency} `) : '';
  return `${negative ? '-' : ''}${symbol}${yuan}.${cents}`;
}

/** "1,234.56" or "1234.5" → 123456 / 123450; null when it is not an amount with at most 2 decimals. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m || m[1] === undefined) return null;
  const fen = BigInt(m[1].replaceAll(',', '')) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return fen > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(fen);
}
