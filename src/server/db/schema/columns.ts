import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { newId } from '../ids.ts';

/** Columns every business table carries (see docs/architecture.md, "Business tables"). */
export function businessColumns() {
  return {
    id: uuid('id').primaryKey().$defaultFn(newId),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
  };
}

export function softDelete() {
  return { deletedAt: timestamp('deleted_at', { withTimezone: true }) };
}
