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

export const TOKEN_SCOPES = ['read', 'read_write'] as const;
export const tokenScopeSchema = z.enum(TOKEN_SCOPES).meta({ description: '`read`: GET and HEAD only; `read_write`: every operation the user may call' });
export type TokenScope = z.infer<typeof tokenScopeSchema>;
/** A new token's validity unless an administrator gives a longer one (or none). */
export const DEFAULT_TOKEN_DAYS = 90;

export const apiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scope: tokenScopeSchema,
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  expiresAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});
export type ApiToken = z.infer<typeof apiToken>;

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scope: tokenScopeSchema.default('read'),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .default(DEFAULT_TOKEN_DAYS)
    .meta({ description: `Days of validity (default ${DEFAULT_TOKEN_DAYS}); more than ${DEFAULT_TOKEN_DAYS}, or null for a token that never expires, only for administrators` }),
});
export const createTokenResponse = z.object({
  token: apiToken,
  secret: z.string().meta({ description: 'Shown once; use as `Authorization: Bearer <secret>`' }),
});
