import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';
import { localeSchema } from './auth.ts';

/** Fields of a user that only roles with the sensitive-field right may see. */
export const USER_SENSITIVE_FIELDS = ['phone'] as const;

export const USER_STATUSES = ['active', 'disabled'] as const;
export const userStatusSchema = z.enum(USER_STATUSES);

export const user = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable().optional().meta({ description: 'Sensitive: omitted for roles without the sensitive-field right' }),
    roleId: z.uuid(),
    roleName: z.string(),
    departmentId: z.uuid().nullable(),
    departmentName: z.string().nullable(),
    status: userStatusSchema,
    mustChangePassword: z.boolean(),
    locked: z.boolean(),
    lastLoginAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof user>;

const username = z
  .string()
  .trim()
  .min(2)
  .max(50)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'validation.username' }); // a message key: the API localises it

export const createUserBody = z.object({
  username,
  displayName: z.string().trim().min(1).max(100),
  email: z.email().max(200).nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  password: z.string().min(1).max(200),
  roleId: z.uuid(),
  departmentId: z.uuid().nullable().optional(),
  locale: localeSchema.optional(),
});

export const updateUserBody = versioned.extend({
  displayName: z.string().trim().min(1).max(100).optional(),
  email: z.email().max(200).nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  roleId: z.uuid().optional(),
  departmentId: z.uuid().nullable().optional(),
  status: userStatusSchema.optional(),
});

export const resetPasswordBody = z.object({
  newPassword: z.string().min(1).max(200).optional().meta({ description: 'Omit to generate one' }),
});
export const resetPasswordResponse = z.object({
  temporaryPassword: z.string().nullable().meta({ description: 'The generated password, shown once' }),
});

export const USER_SORTS = ['createdAt', '-createdAt', 'username', '-username', 'displayName', '-displayName'] as const;
export const listUsersQuery = listQuery.extend({
  q: z.string().trim().max(100).optional(),
  departmentId: z.uuid().optional(),
  roleId: z.uuid().optional(),
  status: userStatusSchema.optional(),
  sort: z.enum(USER_SORTS).default('-createdAt'),
});
