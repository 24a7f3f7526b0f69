import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DataScope } from '../../../contracts/access.ts';
import { businessColumns, softDelete } from './columns.ts';

export const departments = pgTable(
  'departments',
  {
    ...businessColumns(),
    ...softDelete(),
    name: text('name').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => departments.id),
    managerId: uuid('manager_id'),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    index('departments_parent_idx').on(t.parentId),
    uniqueIndex('departments_parent_name_uq')
      .on(sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export const roles = pgTable(
  'roles',
  {
    ...businessColumns(),
    // Soft delete: deleted users keep their row, and with it a reference to their role.
    ...softDelete(),
    key: text('key'),
    name: text('name').notNull(),
    description: text('description'),
    permissions: jsonb('permissions').$type<string[]>().notNull().default([]),
    dataScope: text('data_scope').$type<DataScope>().notNull().default('own'),
    canViewSensitive: boolean('can_view_sensitive').notNull().default(false),
  },
  (t) => [
    uniqueIndex('roles_key_uq').on(t.key),
    uniqueIndex('roles_name_uq').on(sql`lower(${t.name})`).where(sql`${t.deletedAt} is null`),
  ],
);

/**
 * Every `resource:action` the boot's catalogue sync has met. A permission not listed here is new:
 * the sync gives it to the built-in roles whose manifest defaults include it, once, so a right an
 * admin later removes stays removed.
 */
export const seenPermissions = pgTable('seen_permissions', {
  permission: text('permission').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    ...businessColumns(),
    ...softDelete(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    passwordHash: text('password_hash').notNull(),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    departmentId: uuid('department_id').references(() => departments.id),
    status: text('status').$type<'active' | 'disabled'>().notNull().default('active'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    locale: text('locale').$type<'zh-CN' | 'en'>(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`).where(sql`${t.deletedAt} is null`),
    uniqueIndex('users_email_uq').on(sql`lower(${t.email})`).where(sql`${t.deletedAt} is null`),
    index('users_department_idx').on(t.departmentId),
    index('users_role_idx').on(t.roleId),
    index('users_created_idx').on(t.createdAt, t.id),
  ],
);
