import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { attachmentSettings, DEFAULT_ATTACHMENT_SETTINGS, isPreviewable, type Attachment, type AttachmentList, type AttachmentOwnerType } from '../../../contracts/attachments.ts';
import type { DbOrTx } from '../../db/client.ts';
import { defineJsonSetting } from '../../platform/settings/settings.ts';
import { newId } from '../../db/ids.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newStorageKey, type FileStorage } from '../../platform/storage/storage.ts';
import { requireAttachment, requireOwner } from './attachments.access.ts';
import * as q from './attachments.queries.ts';
import { classifyUpload, type ContentPolicy } from './attachments.rules.ts';
import { scanPdf } from './attachments.scan.ts';
import { fileByteSource, spoolUpload, UploadTooLargeError } from './attachments.spool.ts';

/**
 * 附件: files attached to customers, contacts, leads, follow-ups and opportunities (the PDFs of quotes as sent). The bytes live in the file
 * storage under a key we make; the row names the key. Order of writes: the bytes are stored
 * before the row is inserted, and the row is deleted before the bytes are removed, so a row never
 * points at nothing; a crash in between leaves a file without a row, which `sweepOrphans` removes.
 */

/** Files without a row younger than this are left alone by the sweeper: an upload may be between storing and inserting. */
export const ORPHAN_GRACE_MS = 60 * 60_000;

function storageOf(deps: Deps): FileStorage {
  if (!deps.storage) throw new AppError('UNAVAILABLE');
  return deps.storage;
}

function toAttachment(row: q.AttachmentRow): Attachment {
  const a = row.attachment;
  return {
    id: a.id,
    ownerType: a.ownerType,
    ownerId: a.ownerId,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    uploadedBy: a.uploadedBy,
    uploadedByName: row.uploadedByName,
    createdAt: a.createdAt.toISOString(),
  };
}

function auditView(a: Attachment, sha256: string) {
  return { ownerType: a.ownerType, ownerId: a.ownerId, fileName: a.fileName, contentType: a.contentType, size: a.size, sha256 };
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', { key: 'attachment.tooLarge', params: { maxMegabytes: Math.round((maxBytes / 1024 / 1024) * 10) / 10 } });
}

async function classifyFile(file: string, fileName: string, policy: ContentPolicy) {
  const source = await fileByteSource(file);
  try {
    return await classifyUpload(source, fileName, policy);
  } finally {
    await source.close();
  }
}

export async function listAttachments(deps: Deps, ctx: Ctx, ownerType: AttachmentOwnerType, ownerId: string): Promise<AttachmentList> {
  await requireOwner(deps.db, ctx, ownerType, ownerId, 'read');
  const rows = await q.listByOwner(deps.db, ownerType, ownerId);
  return { items: rows.map(toAttachment), maxBytes: deps.config.attachmentMaxBytes };
}

export interface UploadInput {
  ownerType: AttachmentOwnerType;
  ownerId: string;
  fileName: string;
  /** The request's Content-Length when it gave one: a larger upload is refused before reading it. */
  declaredBytes: number | null;
}

/**
 * Adds a file to a record: checks access, streams the body to a temporary file (413 past the
 * limit), tells its type from the content and checks the name against it (400), stores it under
 * a new key and inserts the row with its audit entry in one transaction. Whatever fails, nothing
 * is left behind: the temporary file is always removed, the stored file when the insert fails.
 */
export async function uploadAttachment(deps: Deps, ctx: Ctx, input: UploadInput, body: Readable): Promise<Attachment> {
  const storage = storageOf(deps);
  const maxBytes = deps.config.attachmentMaxBytes;
  await requireOwner(deps.db, ctx, input.ownerType, input.ownerId, 'write');
  if (input.declaredBytes !== null && input.declaredBytes > maxBytes) throw tooLarge(maxBytes);

  const spooled = await spoolUpload(body, maxBytes).catch((err: unknown) => {
    throw err instanceof UploadTooLargeError ? tooLarge(maxBytes) : err;
  });
  try {
    const verdict = await classifyFile(spooled.file, input.fileName, await loadAttachmentSettings(deps.db));
    if (!verdict.ok) {
      throw new AppError('VALIDATION_FAILED', { key: `attachment.${verdict.reason}`, params: verdict.params, details: [{ path: 'body', key: `attachment.${verdict.reason}`, params: verdict.params }] });
    }

    const key = newStorageKey();
    await storage.put(key, createReadStream(spooled.file));
    const { size, sha256 } = spooled;
    try {
      return await deps.db.transaction(async (tx) => {
        // Again, holding the record: it may have been deleted while the file was arriving.
        const owner = await requireOwner(tx, ctx, input.ownerType, input.ownerId, 'write', true);
        const id = newId();
        await q.insertAttachment(tx, {
          id,
          ownerType: input.ownerType,
          ownerId: input.ownerId,
          fileName: verdict.fileName,
          contentType: verdict.contentType,
          size,
          sha256,
          storageKey: key,
          uploadedBy: ctx.actor.userId,
          createdAt: ctx.now,
        });
        const created: Attachment = {
          id,
          ownerType: input.ownerType,
          ownerId: input.ownerId,
          fileName: verdict.fileName,
          contentType: verdict.contentType,
          size,
          uploadedBy: ctx.actor.userId,
          uploadedByName: ctx.actor.displayName,
          createdAt: ctx.now.toISOString(),
        };
        await writeAudit(tx, ctx, { action: 'create', entityType: 'attachment', entityId: id, entityLabel: `${verdict.fileName} @ ${owner.label}`, after: auditView(created, sha256) });
        return created;
      });
    } catch (err) {
      // The row is not there: neither may the file be. (Should this fail too, the sweeper removes it.)
      await storage.delete(key).catch(() => undefined);
      throw err;
    }
  } finally {
    await spooled.discard();
  }
}

/** A file a module made itself (a quote's PDF), stored and waiting for its row. */
export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
}

/**
 * For modules that make files (a quote's PDF when it is sent): stores the bytes, then runs
 * `write`, which inserts the row with `insertStoredAttachment` inside its own transaction. As
 * with uploads, the bytes are stored before the row exists, and removed again when `write` fails.
 */
export async function withStoredFile<T>(deps: Deps, bytes: Buffer, write: (file: StoredFile) => Promise<T>): Promise<T> {
  const storage = storageOf(deps);
  const key = newStorageKey();
  await storage.put(key, Readable.from([bytes]));
  try {
    return await write({ key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  } catch (err) {
    await storage.delete(key).catch(() => undefined);
    throw err;
  }
}

/**
 * The row of a stored file, with its audit entry, in the caller's transaction. The caller has
 * checked that the record may take it (as `requireOwner` would for an upload).
 */
export async function insertStoredAttachment(
  tx: DbOrTx,
  ctx: Ctx,
  file: StoredFile & { ownerType: AttachmentOwnerType; ownerId: string; ownerLabel: string; fileName: string; contentType: string },
): Promise<Attachment> {
  const id = newId();
  await q.insertAttachment(tx, { id, ownerType: file.ownerType, ownerId: file.ownerId, fileName: file.fileName, contentType: file.contentType, size: file.size, sha256: file.sha256, storageKey: file.key, uploadedBy: ctx.actor.userId, createdAt: ctx.now });
  const created: Attachment = {
    id,
    ownerType: file.ownerType,
    ownerId: file.ownerId,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    uploadedBy: ctx.actor.userId,
    uploadedByName: ctx.actor.displayName,
    createdAt: ctx.now.toISOString(),
  };
  await writeAudit(tx, ctx, { action: 'create', entityType: 'attachment', entityId: id, entityLabel: `${file.fileName} @ ${file.ownerLabel}`, after: auditView(created, file.sha256) });
  return created;
}

export interface Download {
  attachment: Attachment;
  stream: Readable;
  size: number;
  disposition: 'attachment' | 'inline';
}

/**
 * The bytes of an attachment for someone who may see its record; inline only for images and for
 * PDFs that pass the active-content check (`scanPdf`). Uploads are checked when they arrive, but
 * files stored before the check existed (or before it learned something new) are not: so a PDF
 * is checked again each time it is to be shown inline — a copy to a temporary file and one read,
 * far cheaper than keeping a verdict that could go stale. One that fails is downloaded instead.
 */
export async function openAttachment(deps: Deps, ctx: Ctx, id: string, inline: boolean): Promise<Download> {
  const storage = storageOf(deps);
  const { row } = await requireAttachment(deps.db, ctx, id, 'read');
  const attachment = toAttachment(row);
  let disposition: Download['disposition'] = inline && isPreviewable(attachment.contentType) ? 'inline' : 'attachment';
  if (disposition === 'inline' && attachment.contentType === 'application/pdf' && !(await storedPdfIsClean(storage, row.attachment.storageKey))) disposition = 'attachment';
  const file = await storage.open(row.attachment.storageKey);
  if (!file) throw notFound('attachment');
  return { attachment, stream: file.stream, size: file.size, disposition };
}

async function storedPdfIsClean(storage: FileStorage, key: string): Promise<boolean> {
  const file = await storage.open(key);
  if (!file) throw notFound('attachment');
  const spooled = await spoolUpload(file.stream, file.size);
  try {
    const source = await fileByteSource(spooled.file);
    try {
      return (await scanPdf(source)) === null;
    } finally {
      await source.close();
    }
  } finally {
    await spooled.discard();
  }
}

const attachmentSettingsSetting = defineJsonSetting({ key: 'attachments.settings', label: '附件设置', schema: attachmentSettings, fallback: DEFAULT_ATTACHMENT_SETTINGS });
export const loadAttachmentSettings = attachmentSettingsSetting.load;
export const getAttachmentSettings = attachmentSettingsSetting.get;
/** Admins only (setting:update); the change is audited like every setting. */
export const setAttachmentSettings = attachmentSettingsSetting.set;

/** Removes an attachment: the row with its audit entry in one transaction, then the file. */
export async function deleteAttachment(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  storageOf(deps);
  const { row, owner } = await requireAttachment(deps.db, ctx, id, 'write');
  const before = toAttachment(row);
  const key = await deps.db.transaction(async (tx) => {
    const removed = await q.deleteAttachment(tx, id);
    if (removed === null) throw notFound('attachment');
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'attachment', entityId: id, entityLabel: `${before.fileName} @ ${owner.label}`, before: auditView(before, row.attachment.sha256) });
    return removed;
  });
  await removeStoredFiles(deps, [key]);
}

/**
 * For modules that hard-delete records: removes the attachment rows of these records inside the
 * caller's transaction and returns their storage keys, to pass to `removeStoredFiles` after the
 * commit (never before: a rollback would leave rows without files). Call it after the records
 * are deleted (or locked FOR UPDATE) in the same transaction: an upload racing with the delete
 * holds the record with FOR KEY SHARE, so it either commits first, and its row is removed here,
 * or finds the record gone.
 */
export async function deleteAttachmentsOf(tx: DbOrTx, ownerType: AttachmentOwnerType, ownerIds: readonly string[]): Promise<string[]> {
  return q.deleteByOwners(tx, ownerType, ownerIds);
}

/**
 * Removes stored files whose rows are gone (after the commit that deleted them). Best effort and
 * idempotent: a file that cannot be removed now has no row, so the sweeper removes it later.
 */
export async function removeStoredFiles(deps: Deps, keys: readonly string[]): Promise<void> {
  const storage = deps.storage;
  if (!storage) return;
  for (const key of keys) await storage.delete(key).catch(() => undefined);
}

const SWEEP_BATCH = 500;

/**
 * Removes stored files that no row names and that are older than ORPHAN_GRACE_MS (left by a crash
 * between storing a file and inserting its row, or by a failed removal), and what interrupted
 * writes left. Idempotent. Returns what it removed.
 */
export async function sweepOrphans(deps: Deps, signal?: AbortSignal): Promise<{ orphans: number; incomplete: number }> {
  const storage = deps.storage;
  if (!storage) return { orphans: 0, incomplete: 0 };
  const cutoff = new Date(deps.clock.now().getTime() - ORPHAN_GRACE_MS);
  const incomplete = await storage.purgeIncomplete(cutoff);
  let orphans = 0;
  let batch: string[] = [];
  const flush = async () => {
    const inUse = await q.keysInUse(deps.db, batch);
    for (const key of batch) {
      if (inUse.has(key)) continue;
      await storage.delete(key);
      orphans++;
    }
    batch = [];
  };
  for await (const object of storage.list()) {
    if (signal?.aborted) break;
    if (object.modifiedAt >= cutoff) continue;
    batch.push(object.key);
    if (batch.length >= SWEEP_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return { orphans, incomplete };
}
