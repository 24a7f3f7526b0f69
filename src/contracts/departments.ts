import { z } from 'zod';
import { isoDateTime, versioned } from './common.ts';

export const department = z
  .object({
    id: z.uuid(),
    name: z.string(),
    parentId: z.uuid().nullable(),
    managerId: z.uuid().nullable(),
    sortOrder: z.number().int(),
    userCount: z.number().int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Department' });
export type Department = z.infer<typeof department>;

export const createDepartmentBody = z.object({
  name: z.string().trim().min(1).max(100),
  parentId: z.uuid().nullable().optional(),
  managerId: z.uuid().nullable().optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

export const updateDepartmentBody = versioned.extend({
  name: z.string().trim().min(1).max(100).optional(),
  parentId: z.uuid().nullable().optional(),
  managerId: z.uuid().nullable().optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});

export const departmentList = z.object({ items: z.array(department) });
