import type { z } from 'zod';
import type { AssignmentRule, createAssignmentRuleBody, updateAssignmentRuleBody } from '../../../contracts/leads.ts';
import { api } from '../../app/http.ts';

export type CreateRuleBody = z.input<typeof createAssignmentRuleBody>;
export type UpdateRuleBody = z.input<typeof updateAssignmentRuleBody>;

export const rulesKeys = { list: ['lead-assignment-rules'] as const };

export function listRules(signal?: AbortSignal): Promise<{ items: AssignmentRule[] }> {
  return api('/lead-assignment-rules', { signal });
}
export function createRule(body: CreateRuleBody): Promise<AssignmentRule> {
  return api('/lead-assignment-rules', { method: 'POST', body });
}
export function updateRule(id: string, body: UpdateRuleBody): Promise<AssignmentRule> {
  return api(`/lead-assignment-rules/${id}`, { method: 'PATCH', body });
}
export function deleteRule(id: string): Promise<{ ok: true }> {
  return api(`/lead-assignment-rules/${id}`, { method: 'DELETE' });
}
