import type { z } from 'zod';
import type { createProductBody, listProductsQuery, Product, product, updateProductBody } from '../../../contracts/products.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type ProductListQuery = Partial<z.input<typeof listProductsQuery>>;
export type ProductPage = CursorPage<typeof product>;
export type CreateProductBody = z.input<typeof createProductBody>;
export type UpdateProductBody = z.input<typeof updateProductBody>;

export const productsKeys = {
  all: ['products'] as const,
  list: (query: ProductListQuery) => ['products', 'list', query] as const,
  categories: ['products', 'categories'] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
};

const one = (id: string) => `/products/${encodeURIComponent(id)}`;

export function listProducts(query: ProductListQuery, signal?: AbortSignal): Promise<ProductPage> {
  return api('/products', { query, signal });
}

export function productCategories(signal?: AbortSignal): Promise<{ items: string[] }> {
  return api('/products/categories', { signal });
}

export function getProduct(id: string, signal?: AbortSignal): Promise<Product> {
  return api(one(id), { signal });
}

export function createProduct(body: CreateProductBody): Promise<Product> {
  return api('/products', { method: 'POST', body });
}

export function updateProduct(id: string, body: UpdateProductBody): Promise<Product> {
  return api(one(id), { method: 'PATCH', body });
}

export function deleteProduct(id: string): Promise<unknown> {
  return api(one(id), { method: 'DELETE' });
}
