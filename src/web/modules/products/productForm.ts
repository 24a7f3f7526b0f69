import type { Product } from '../../../contracts/products.ts';
import type { Currency } from '../../../contracts/sales.ts';
import { emptyToNull } from '../../app/validation.ts';
import { fenToYuanText, yuanTextToFen } from '../opportunities/opportunityForm.ts';
import type { CreateProductBody, UpdateProductBody } from './products.api.ts';

/** The product form's values (list price typed in yuan) and the API bodies (fen). */
export type ProductValues = {
  sku: string;
  name: string;
  category?: string;
  unit: string;
  listPrice: string;
  currency: Currency;
  taxRatePercent: number;
  description?: string;
};

export function initialProductValues(p: Product | null): ProductValues {
  if (!p) return { sku: '', name: '', category: '', unit: '件', listPrice: '', currency: 'CNY', taxRatePercent: 13, description: '' };
  return { sku: p.sku, name: p.name, category: p.category ?? '', unit: p.unit, listPrice: fenToYuanText(p.listPriceFen), currency: p.currency, taxRatePercent: p.taxRatePercent, description: p.description ?? '' };
}

export function toCreateProductBody(v: ProductValues): CreateProductBody {
  return {
    sku: v.sku.trim(),
    name: v.name.trim(),
    category: emptyToNull(v.category),
    unit: v.unit.trim(),
    listPriceFen: yuanTextToFen(v.listPrice) ?? 0,
    currency: v.currency,
    taxRatePercent: v.taxRatePercent,
    description: emptyToNull(v.description),
  };
}

export function productChanges(p: Product, v: ProductValues): UpdateProductBody | null {
  const next = toCreateProductBody(v);
  const body: UpdateProductBody = { version: p.version };
  if (next.sku !== p.sku) body.sku = next.sku;
  if (next.name !== p.name) body.name = next.name;
  if ((next.category ?? null) !== p.category) body.category = next.category ?? null;
  if (next.unit !== p.unit) body.unit = next.unit;
  if (next.listPriceFen !== p.listPriceFen) body.listPriceFen = next.listPriceFen;
  if (next.currency !== p.currency) body.currency = next.currency;
  if (next.taxRatePercent !== p.taxRatePercent) body.taxRatePercent = next.taxRatePercent;
  if ((next.description ?? null) !== p.description) body.description = next.description ?? null;
  return Object.keys(body).length > 1 ? body : null;
}
