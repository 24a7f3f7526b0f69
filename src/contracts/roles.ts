import { z } from 'zod';
import { dataScopeSchema, permissionSchema } from './access.ts';
import { isoDateTime, versioned } from './common.ts';

export const role = z
  .object({
    id: z.uuid(),
    key: z.string().nullable().meta({ description: 'Set for built-in roles: admin, manager, sales, service, marketing' }),
    name: z.string(),
    description: z.string().nullable(),
    permissions: z.array(z.string()),
    dataScope: dataScopeSchema,
    canViewSensitive: z.boolean(),
    builtin: z.boolean(),
    userCount: z.number().int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof role>;

export const createRoleBody = z.object({
  name: z.string().trim().min(1).max(50),
  description: z.string().trim().max(500).nullable().optional(),
  permissions: z.array(permissionSchema).max(200),
  dataScope: dataScopeSchema,
  canViewSensitive: z.boolean().default(false),
});

export const updateRoleBody = versioned.extend({
  name: z.string().trim().min(1).max(50).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  permissions: z.array(permissionSchema).max(200).optional(),
  dataScope: dataScopeSchema.optional(),
  canViewSensitive: z.boolean().optional(),
});

export const roleList = z.object({ items: z.array(role) });
