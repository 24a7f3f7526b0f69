import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AttachmentOwnerType } from '../../../contracts/attachments.ts';
import { users } from './org.table.ts';

/**
 * 附件: a file attached to a record (`ownerType` + `ownerId`: a customer, contact, lead or
 * follow-up; later opportunities and contracts). The bytes live in the file storage under
 * `storageKey`; the row is written after the bytes and removed before them, so a row never
 * points at nothing, and files without a row (a crash in between) are swept by a job.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    ownerType: text('owner_type').$type<AttachmentOwnerType>().notNull(),
    ownerId: uuid('owner_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('attachments_owner_idx').on(t.ownerType, t.ownerId, t.createdAt), index('attachments_storage_key_idx').on(t.storageKey)],
);
