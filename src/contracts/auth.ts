import { z } from 'zod';
import { dataScopeSchema } from './access.ts';
import { isoDateTime } from './common.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

export const loginBody = z.object({
  username: z.string().trim().min(1).max(200).meta({ description: 'Username or email' }),
  password: z.string().min(1).max(200),
});

export const currentUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    locale: localeSchema.nullable(),
    role: z.object({ id: z.uuid(), key: z.string().nullable(), name: z.string(), dataScope: dataScopeSchema, canViewSensitive: z.boolean() }),
    department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    permissions: z.array(z.string()),
    mustChangePassword: z.boolean(),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof currentUser>;

export const loginResponse = z.object({
  user: currentUser,
  mustChangePassword: z.boolean(),
  csrfToken: z.string().meta({ description: 'Send back as X-CSRF-Token on cookie-authenticated writes' }),
});

export const meResponse = z.object({ user: currentUser, csrfToken: z.string().nullable() });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const updateProfileBody = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  locale: localeSchema.optional(),
});

export const apiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  expiresAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});
export type ApiToken = z.infer<typeof apiToken>;

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const createTokenResponse = z.object({
  token: apiToken,
  secret: z.string().meta({ description: 'Shown once; use as `Authorization: Bearer <secret>`' }),
});
