import type { z } from 'zod';
import type { contract, ContractDetail, contractStatusBody, ContractTotals, createContractBody, listContractsQuery, recordPaymentBody, replaceInstallmentsBody, updateContractBody } from '../../../contracts/sales-contracts.ts';
import { api, type CursorPage } from '../../app/http.ts';

export type ContractListQuery = Partial<z.input<typeof listContractsQuery>>;
export type ContractPage = CursorPage<typeof contract>;
export type CreateContractBody = z.input<typeof createContractBody>;
export type UpdateContractBody = z.input<typeof updateContractBody>;
export type ContractStatusBody = z.input<typeof contractStatusBody>;
export type ReplaceInstallmentsBody = z.input<typeof replaceInstallmentsBody>;
export type RecordPaymentBody = z.input<typeof recordPaymentBody>;

export const contractsKeys = {
  all: ['contracts'] as const,
  list: (query: ContractListQuery) => ['contracts', 'list', query] as const,
  detail: (id: string) => ['contracts', 'detail', id] as const,
  customerTotals: (customerId: string) => ['contracts', 'customerTotals', customerId] as const,
};

const one = (id: string) => `/contracts/${encodeURIComponent(id)}`;

export function listContracts(query: ContractListQuery, signal?: AbortSignal): Promise<ContractPage> {
  return api('/contracts', { query, signal });
}

export function getContract(id: string, signal?: AbortSignal): Promise<ContractDetail> {
  return api(one(id), { signal });
}

export function createContract(body: CreateContractBody): Promise<ContractDetail> {
  return api('/contracts', { method: 'POST', body });
}

export function updateContract(id: string, body: UpdateContractBody): Promise<ContractDetail> {
  return api(one(id), { method: 'PATCH', body });
}

export function changeContractStatus(id: string, body: ContractStatusBody): Promise<ContractDetail> {
  return api(`${one(id)}/status`, { method: 'POST', body });
}

export function deleteContract(id: string): Promise<unknown> {
  return api(one(id), { method: 'DELETE' });
}

export function replaceInstallments(id: string, body: ReplaceInstallmentsBody): Promise<ContractDetail> {
  return api(`${one(id)}/installments`, { method: 'PUT', body });
}

export function recordPayment(id: string, body: RecordPaymentBody): Promise<ContractDetail> {
  return api(`${one(id)}/payments`, { method: 'POST', body });
}

export function deletePayment(id: string, paymentId: string): Promise<ContractDetail> {
  return api(`${one(id)}/payments/${encodeURIComponent(paymentId)}`, { method: 'DELETE' });
}

export function customerContractTotals(customerId: string, signal?: AbortSignal): Promise<ContractTotals> {
  return api(`/customers/${encodeURIComponent(customerId)}/contracts-summary`, { signal });
}
