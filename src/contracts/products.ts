import { z } from 'zod';
import { listQuery, versioned } from './common.ts';
import { currencySchema, fenSchema, percentSchema, PRODUCT_STATUSES } from './sales.ts';

/** 产品: the catalogue opportunities, quotes and orders are priced from. */
export const product = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    unit: z.string(),
    listPriceFen: z.number().int().meta({ description: 'List price before tax, in fen' }),
    currency: currencySchema,
    taxRatePercent: z.number(),
    status: z.enum(PRODUCT_STATUSES),
    description: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof product>;

const sku = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, { message: 'validation.sku' });

export const createProductBody = z
  .object({
    sku,
    name: z.string().trim().min(1).max(200),
    category: z.string().trim().max(60).nullable().optional(),
    unit: z.string().trim().min(1).max(20).default('件'),
    listPriceFen: fenSchema,
    currency: currencySchema.default('CNY'),
    taxRatePercent: percentSchema.default(13),
    description: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();

/** The SKU is printed on quotes and orders already made, so it may change only while unused (checked by the server). */
export const updateProductBody = versioned
  .extend({
    sku: sku.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    category: z.string().trim().max(60).nullable().optional(),
    unit: z.string().trim().min(1).max(20).optional(),
    listPriceFen: fenSchema.optional(),
    currency: currencySchema.optional(),
    taxRatePercent: percentSchema.optional(),
    status: z.enum(PRODUCT_STATUSES).optional().meta({ description: 'retired: no longer offered on new lines; stays on old records' }),
    description: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();

export const listProductsQuery = listQuery.extend({
  q: z.string().trim().max(100).optional().meta({ description: 'SKU or name contains' }),
  status: z.enum(PRODUCT_STATUSES).optional(),
  category: z.string().trim().max(60).optional(),
  sort: z.enum(['name', '-name', 'sku', '-sku', 'createdAt', '-createdAt']).default('name'),
});

export const productCategories = z.object({ items: z.array(z.string()) });
