import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, idParams, okResponse, page } from '../../../contracts/common.ts';
import {
  contract,
  contractDetail,
  contractStatusBody,
  contractTotals,
  createContractBody,
  listContractsQuery,
  paymentParams,
  recordPaymentBody,
  replaceInstallmentsBody,
  updateContractBody,
} from '../../../contracts/sales-contracts.ts';
import type { Deps } from '../../platform/deps.ts';
import * as service from './sales-contracts.service.ts';

const tags = ['contracts'];
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function contractRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contracts',
      {
        schema: {
          tags,
          summary: 'Contracts (合同) in my scope, newest first, with received, outstanding and overdue amounts; filters: status, customer, owner, number or title, ending within N days, with overdue installments',
          querystring: listContractsQuery,
          response: { 200: page(contract), ...errors },
        },
      },
      async (req) => service.listContracts(deps, req.ctx(), req.query),
    );
    app.post(
      '/contracts',
      { schema: { tags, summary: 'Create a draft contract for a customer in my scope (numbered HT2026001…; owner defaults to me)', body: createContractBody, response: { 201: contractDetail, ...errors } } },
      async (req, reply) => reply.status(201).send(await service.createContract(deps, req.ctx(), req.body)),
    );
    app.get(
      '/contracts/:id',
      { schema: { tags, summary: 'One contract with its payment plan, payments and how each payment was matched to installments', params: idParams, response: { 200: contractDetail, ...errors } } },
      async (req) => service.getContract(deps, req.ctx(), req.params.id),
    );
    app.patch(
      '/contracts/:id',
      { schema: { tags, summary: 'Edit a draft or active contract (the amount may not fall below the plan or what was received)', params: idParams, body: updateContractBody, response: { 200: contractDetail, ...errors } } },
      async (req) => service.updateContract(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/contracts/:id/status',
      {
        schema: {
          tags,
          summary: 'Change the status: draft → active (needs a signed date), active → terminated (needs a reason); expiry after the end date is done by the system. 422 names the allowed steps',
          params: idParams,
          body: contractStatusBody,
          response: { 200: contractDetail, ...errors },
        },
      },
      async (req) => service.changeContractStatus(deps, req.ctx(), req.params.id, req.body),
    );
    app.delete('/contracts/:id', { schema: { tags, summary: 'Delete a draft contract (a signed one is terminated instead: 422)', params: idParams, response: { 200: okResponse, ...errors } } }, async (req) => {
      await service.deleteContract(deps, req.ctx(), req.params.id);
      return { ok: true as const };
    });
    app.put(
      '/contracts/:id/installments',
      {
        schema: {
          tags,
          summary: 'Replace the payment plan (回款计划). Its sum may not exceed the contract amount; installments that received money keep it and may be neither cut below it nor removed',
          params: idParams,
          body: replaceInstallmentsBody,
          response: { 200: contractDetail, ...errors },
        },
      },
      async (req) => service.replaceInstallments(deps, req.ctx(), req.params.id, req.body),
    );
    app.post(
      '/contracts/:id/payments',
      {
        schema: {
          tags,
          summary: 'Record a payment (回款): matched to the named installment first, then to the oldest unpaid ones; at most what is outstanding (without a plan: the contract amount)',
          params: idParams,
          body: recordPaymentBody,
          response: { 201: contractDetail, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await service.recordPayment(deps, req.ctx(), req.params.id, req.body)),
    );
    app.delete(
      '/contracts/:id/payments/:paymentId',
      { schema: { tags, summary: 'Take a payment back: its matches are undone on the installments', params: paymentParams, response: { 200: contractDetail, ...errors } } },
      async (req) => service.deletePayment(deps, req.ctx(), req.params.id, req.params.paymentId),
    );
    app.get(
      '/customers/:id/contracts-summary',
      {
        schema: {
          tags,
          summary: "A customer's contracts in my scope in figures (合作历史): count, signed amount, received, outstanding and overdue",
          params: idParams,
          response: { 200: contractTotals, ...errors },
        },
      },
      async (req) => service.customerContractTotals(deps, req.ctx(), req.params.id),
    );
  };
}
