import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import { createProductBody, listProductsQuery, product, productCategories, updateProductBody } from '../../../contracts/products.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './products.service.ts';

const tags = ['products'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function productRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/products', { schema: { tags, summary: '产品 catalogue: search by SKU or name, filter by status and category', querystring: listProductsQuery, response: { 200: page(product), ...errors } } }, async (req) =>
      service.listProducts(deps, req.ctx(), req.query),
    );
    app.get('/products/categories', { schema: { tags, summary: 'The categories in use (for filters and the product form)', response: { 200: productCategories, ...errors } } }, async (req) =>
      service.productCategories(deps, req.ctx()),
    );
    app.post('/products', { schema: { tags, summary: 'Add a product (SKU unique, case-insensitive)', body: createProductBody, response: { 201: product, ...errors } } }, async (req, reply) =>
      reply.status(201).send(await service.createProduct(deps, req.ctx(), req.body)),
    );
    app.get('/products/:id', { schema: { tags, summary: 'One product', params: idParams, response: { 200: product, ...errors } } }, async (req) => service.getProduct(deps, req.ctx(), req.params.id));
    app.patch(
      '/products/:id',
      { schema: { tags, summary: 'Change a product; status retired takes it off new lines (old records keep it); the SKU changes only while no line names it', params: idParams, body: updateProductBody, response: { 200: product, ...errors } } },
      async (req) => service.updateProduct(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/products/:id', { schema: { tags, summary: 'Delete a product no line names (422 otherwise: retire it)', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteProduct(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
  };
}
