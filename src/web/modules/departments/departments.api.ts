import type { z } from 'zod';
import type { createDepartmentBody, Department, departmentList, updateDepartmentBody } from '../../../contracts/departments.ts';
import { api } from '../../app/http.ts';

export type DepartmentList = z.infer<typeof departmentList>;
export type CreateDepartmentBody = z.input<typeof createDepartmentBody>;
export type UpdateDepartmentBody = z.input<typeof updateDepartmentBody>;

export const departmentsKeys = {
  all: ['departments'] as const,
};

export function listDepartments(signal?: AbortSignal): Promise<DepartmentList> {
  return api('/departments', { signal });
}

export function createDepartment(body: CreateDepartmentBody): Promise<Department> {
  return api('/departments', { method: 'POST', body });
}

export function updateDepartment(id: string, body: UpdateDepartmentBody): Promise<Department> {
  return api(`/departments/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteDepartment(id: string): Promise<unknown> {
  return api(`/departments/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
