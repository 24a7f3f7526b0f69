import type { OpportunityDetail, PipelineStage } from '../../../contracts/opportunities.ts';
import type { Product } from '../../../contracts/products.ts';
import type { Currency, DocumentTotals, LineItemInput } from '../../../contracts/sales.ts';
import { lineAmounts, parseYuan, percentToBp, quantityToMilli, sumLines, type LineAmounts } from '../../../contracts/money.ts';
import { emptyToNull } from '../../app/validation.ts';
import type { CreateOpportunityBody, UpdateOpportunityBody } from './opportunities.api.ts';

/**
 * The opportunity form: its values (amounts typed in yuan with 2 decimals), the live line and
 * document totals (the exact rules of contracts/money.ts; the server's figures are kept after
 * saving), and how the values become the API's create and update bodies (amounts in fen).
 */

export type LineValues = {
  productId?: string | null;
  name?: string;
  unit?: string;
  quantity?: number | null;
  /** Unit price before tax, in yuan as typed ("1280.5"). */
  unitPrice?: string;
  discountPercent?: number | null;
  taxRatePercent?: number | null;
};

export type OpportunityValues = {
  customerId?: string | null;
  contactId?: string | null;
  name: string;
  currency: Currency;
  stageId?: string;
  probability?: number | null;
  /** YYYY-MM-DD */
  expectedCloseDate?: string | null;
  sourceChannel?: string;
  /**
   * 来源活动. On create, empty leaves it to the server (the lead's campaign, else the customer's);
   * on edit, cleared (null) removes it.
   */
  campaignId?: string | null;
  competitors?: string;
  nextStep?: string;
  description?: string;
  /** Only when created directly as won or lost. */
  closeReason?: string;
  /** The amount in yuan when there are no lines. */
  amount?: string;
  items: LineValues[];
};

export type OpportunityFormTarget = { mode: 'create'; customer?: { id: string; name: string } } | { mode: 'edit'; opportunity: OpportunityDetail };

/** 123456 → "1234.56": a fen amount as the yuan text the form edits (no grouping, always 2 decimals). */
export function fenToYuanText(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1,234.5" → 123450; null when it is not an amount with at most 2 decimals. */
export function yuanTextToFen(text: string | null | undefined): number | null {
  return text === null || text === undefined ? null : parseYuan(text);
}

function hasDecimals(value: number, places: number): boolean {
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/** The amounts of a line as typed, or null while it is incomplete or not a valid figure. */
export function lineFigures(line: LineValues | undefined): LineAmounts | null {
  if (!line) return null;
  const { quantity, discountPercent, taxRatePercent } = line;
  const unitPriceFen = yuanTextToFen(line.unitPrice);
  if (quantity === null || quantity === undefined || !(quantity > 0) || !hasDecimals(quantity, 3) || unitPriceFen === null) return null;
  const discount = discountPercent ?? 0;
  const tax = taxRatePercent ?? 0;
  if (discount < 0 || discount > 100 || tax < 0 || tax > 100 || !hasDecimals(discount, 2) || !hasDecimals(tax, 2)) return null;
  try {
    return lineAmounts({ quantityMilli: quantityToMilli(quantity), unitPriceFen, discountBp: percentToBp(discount), taxRateBp: percentToBp(tax) });
  } catch {
    return null;
  }
}

/** The document totals of the lines that are complete (incomplete lines count as nothing yet). */
export function previewTotals(lines: readonly LineValues[]): DocumentTotals {
  return sumLines(lines.map(lineFigures).filter((l): l is LineAmounts => l !== null));
}

/** A new line from a catalogue product: its name, unit, list price and tax rate. */
export function lineFromProduct(product: Product, quantity = 1): LineValues {
  return { productId: product.id, name: product.name, unit: product.unit, quantity, unitPrice: fenToYuanText(product.listPriceFen), discountPercent: 0, taxRatePercent: product.taxRatePercent };
}

export function emptyLine(): LineValues {
  return { productId: null, name: '', unit: '', quantity: 1, unitPrice: '', discountPercent: 0, taxRatePercent: 0 };
}

export function initialOpportunityValues(target: OpportunityFormTarget, stages: readonly PipelineStage[]): OpportunityValues {
  if (target.mode === 'create') {
    const first = stages.find((s) => s.kind === 'open' && s.active);
    return { customerId: target.customer?.id ?? null, contactId: null, name: '', currency: 'CNY', stageId: first?.id, probability: first?.probability ?? null, expectedCloseDate: null, items: [], amount: '' };
  }
  const o = target.opportunity;
  return {
    customerId: o.customerId,
    contactId: o.contactId,
    name: o.name,
    currency: o.currency,
    stageId: o.stageId,
    probability: o.probability,
    expectedCloseDate: o.expectedCloseDate,
    sourceChannel: o.sourceChannel ?? '',
    campaignId: o.campaignId,
    competitors: o.competitors ?? '',
    nextStep: o.nextStep ?? '',
    description: o.description ?? '',
    amount: o.amountFromItems ? '' : fenToYuanText(o.amountFen),
    items: o.items.map((i) => ({
      productId: i.productId,
      name: i.name,
      unit: i.unit ?? '',
      quantity: i.quantity,
      unitPrice: fenToYuanText(i.unitPriceFen),
      discountPercent: i.discountPercent,
      taxRatePercent: i.taxRatePercent,
    })),
  };
}

/** A line as the API takes it; the form has validated every figure before this. */
export function toLineInput(line: LineValues): LineItemInput {
  const out: LineItemInput = { quantity: line.quantity ?? 0, discountPercent: line.discountPercent ?? 0 };
  if (line.productId) out.productId = line.productId;
  const name = line.name?.trim();
  if (name) out.name = name;
  const unit = line.unit?.trim();
  if (unit) out.unit = unit;
  const price = yuanTextToFen(line.unitPrice);
  if (price !== null) out.unitPriceFen = price;
  out.taxRatePercent = line.taxRatePercent ?? 0;
  return out;
}

export function toCreateOpportunityBody(v: OpportunityValues, stageKind: PipelineStage['kind'] | undefined): CreateOpportunityBody {
  const body: CreateOpportunityBody = {
    customerId: v.customerId ?? '',
    contactId: v.contactId ?? null,
    name: v.name.trim(),
    currency: v.currency,
    expectedCloseDate: v.expectedCloseDate ?? null,
    sourceChannel: emptyToNull(v.sourceChannel),
    competitors: emptyToNull(v.competitors),
    nextStep: emptyToNull(v.nextStep),
    description: emptyToNull(v.description),
  };
  if (v.stageId) body.stageId = v.stageId;
  // No campaign picked: the server takes the lead's or the customer's.
  if (v.campaignId) body.campaignId = v.campaignId;
  if (v.probability !== null && v.probability !== undefined && stageKind === 'open') body.probability = v.probability;
  if (stageKind && stageKind !== 'open') body.closeReason = emptyToNull(v.closeReason);
  if (v.items.length > 0) body.items = v.items.map(toLineInput);
  else {
    const fen = yuanTextToFen(v.amount);
    if (fen !== null) body.amountFen = fen;
  }
  return body;
}

function sameLines(o: OpportunityDetail, lines: LineItemInput[]): boolean {
  if (o.items.length !== lines.length) return false;
  return o.items.every((i, n) => {
    const l = lines[n];
    return (
      !!l &&
      (l.productId ?? null) === i.productId &&
      (l.name ?? i.name) === i.name &&
      (l.unit ?? i.unit ?? '') === (i.unit ?? '') &&
      l.quantity === i.quantity &&
      l.unitPriceFen === i.unitPriceFen &&
      l.discountPercent === i.discountPercent &&
      l.taxRatePercent === i.taxRatePercent
    );
  });
}

/** Only what changed goes into the PATCH (lines are sent whole when any changed), with the version read. */
export function opportunityChanges(o: OpportunityDetail, v: OpportunityValues): UpdateOpportunityBody | null {
  const body: UpdateOpportunityBody = { version: o.version };
  if ((v.contactId ?? null) !== o.contactId) body.contactId = v.contactId ?? null;
  if (v.name.trim() !== o.name) body.name = v.name.trim();
  if (v.currency !== o.currency) body.currency = v.currency;
  if (v.probability !== null && v.probability !== undefined && v.probability !== o.probability && o.stageKind === 'open') body.probability = v.probability;
  if ((v.expectedCloseDate ?? null) !== o.expectedCloseDate) body.expectedCloseDate = v.expectedCloseDate ?? null;
  if (v.campaignId !== undefined && (v.campaignId ?? null) !== o.campaignId) body.campaignId = v.campaignId ?? null;
  for (const key of ['sourceChannel', 'competitors', 'nextStep', 'description'] as const) {
    const value = emptyToNull(v[key]);
    if (value !== o[key]) body[key] = value;
  }
  const lines = v.items.map(toLineInput);
  if (!sameLines(o, lines)) body.items = lines;
  if (lines.length === 0) {
    const fen = yuanTextToFen(v.amount);
    if (fen !== null && (fen !== o.amountFen || o.amountFromItems)) body.amountFen = fen;
  }
  return Object.keys(body).length > 1 ? body : null;
}

/**
 * The form field of a server error path, the drawer's `fieldMap`: `items.0.unitPriceFen` →
 * ['items', 0, 'unitPrice'], `amountFen` → ['amount'], a close `reason` → ['closeReason'].
 */
export function formFieldOf(path: string): (string | number)[] | null {
  const parts = path.split(/[./]/).filter(Boolean);
  if (parts[0] === 'body') parts.shift();
  const [first, index, field] = parts;
  if (!first) return null;
  if (first === 'items' && index !== undefined && /^\d+$/.test(index)) {
    const name = field === 'unitPriceFen' ? 'unitPrice' : field;
    return name ? ['items', Number(index), name] : ['items', Number(index), 'name'];
  }
  if (first === 'amountFen') return ['amount'];
  if (first === 'reason') return ['closeReason'];
  return [first];
}

