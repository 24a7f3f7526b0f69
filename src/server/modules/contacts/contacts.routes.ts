import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, okResponse } from '../../../contracts/common.ts';
import { contact, createContactBody, updateContactBody } from '../../../contracts/contacts.ts';
import { customerIdParams } from '../../../contracts/customers.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './contacts.service.ts';

const tags = ['contacts'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export function contactRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:customerId/contacts',
      { schema: { tags, summary: 'The contacts of a customer, primary first', params: customerIdParams, response: { 200: z.object({ items: z.array(contact) }), ...errors } } },
      async (req) => ({ items: await service.listContacts(deps, req.ctx(), req.params.customerId) }),
    );
    app.post(
      '/customers/:customerId/contacts',
      { schema: { tags, summary: 'Add a contact to a customer (phones stored as E.164)', params: customerIdParams, body: createContactBody, response: { 201: contact, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createContact(deps, req.ctx(), req.params.customerId, req.body)),
    );
    app.get('/contacts/:id', { schema: { tags, summary: 'One contact', params: idParams, response: { 200: contact, ...errors } } }, async (req) =>
      service.getContact(deps, req.ctx(), req.params.id),
    );
    app.patch(
      '/contacts/:id',
      { schema: { tags, summary: 'Update a contact (making it primary demotes the others)', params: idParams, body: updateContactBody, response: { 200: contact, ...errors } } },
      async (req) => service.updateContact(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/contacts/:id', { schema: { tags, summary: 'Delete a contact (soft delete)', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteContact(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
  };
}
