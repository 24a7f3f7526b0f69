import type { z } from 'zod';
import type { createIndustryBody, createSourceChannelBody, createTagBody, Industry, SourceChannel, Tag, updateIndustryBody, updateSourceChannelBody, updateTagBody } from '../../../contracts/catalog.ts';
import { CHANNEL_KEY_PATTERN } from '../../../contracts/vocabulary.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, notFound, versionConflict } from '../../platform/errors.ts';
import * as q from './catalog.queries.ts';

/**
 * The shared lists behind customer forms and filters: industries (所属行业) and tags (标签).
 * Everyone who works with customers reads them (`setting:read`); admins maintain them
 * (`setting:update`).
 */
function toIndustry(row: q.IndustryRow): Industry {
  return { code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, section: row.section, sortOrder: row.sortOrder, active: row.active, version: row.version };
}
const industryAudit = (r: Pick<q.IndustryRow, 'nameZh' | 'nameEn' | 'section' | 'sortOrder' | 'active'>) => ({ nameZh: r.nameZh, nameEn: r.nameEn, section: r.section, sortOrder: r.sortOrder, active: r.active });

export async function listIndustries(deps: Deps, ctx: Ctx): Promise<Industry[]> {
  requirePermission(ctx.actor, 'setting', 'read');
  return (await q.listIndustries(deps.db)).map(toIndustry);
}

export async function createIndustry(deps: Deps, ctx: Ctx, input: z.infer<typeof createIndustryBody>): Promise<Industry> {
  requirePermission(ctx.actor, 'setting', 'update');
  if (await q.findIndustry(deps.db, input.code)) throw new AppError('DUPLICATE', { details: [{ path: 'code', key: 'duplicate.industryCode' }] });
  return deps.db.transaction(async (tx) => {
    const values: q.NewIndustry = { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, section: input.section ?? null, sortOrder: input.sortOrder ?? 1000, createdAt: ctx.now, updatedAt: ctx.now };
    await q.insertIndustry(tx, values);
    const row = await q.findIndustry(tx, input.code);
    if (!row) throw notFound('industry');
    await writeAudit(tx, ctx, { action: 'create', entityType: 'industry', entityId: row.code, entityLabel: row.nameZh, after: industryAudit(row) });
    return toIndustry(row);
  });
}

export async function updateIndustry(deps: Deps, ctx: Ctx, code: string, input: z.infer<typeof updateIndustryBody>): Promise<Industry> {
  requirePermission(ctx.actor, 'setting', 'update');
  const before = await q.findIndustry(deps.db, code);
  if (!before) throw notFound('industry');
  return deps.db.transaction(async (tx) => {
    const values: q.IndustryChanges = { updatedAt: ctx.now };
    if (input.nameZh !== undefined) values.nameZh = input.nameZh;
    if (input.nameEn !== undefined) values.nameEn = input.nameEn;
    if (input.section !== undefined) values.section = input.section;
    if (input.sortOrder !== undefined) values.sortOrder = input.sortOrder;
    if (input.active !== undefined) values.active = input.active;
    if (!(await q.updateIndustry(tx, code, input.version, values))) throw versionConflict();
    const after = await q.findIndustry(tx, code);
    if (!after) throw notFound('industry');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'industry', entityId: code, entityLabel: after.nameZh, before: industryAudit(before), after: industryAudit(after) });
    return toIndustry(after);
  });
}

function toTag(row: q.TagRow): Tag {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function listTags(deps: Deps, ctx: Ctx): Promise<Tag[]> {
  requirePermission(ctx.actor, 'setting', 'read');
  return (await q.listTags(deps.db)).map(toTag);
}

async function assertTagNameFree(deps: Deps, name: string, exceptId: string | null) {
  if (await q.tagNameTaken(deps.db, name, exceptId)) throw new AppError('DUPLICATE', { details: [{ path: 'name', key: 'duplicate.tagName' }] });
}

export async function createTag(deps: Deps, ctx: Ctx, input: z.infer<typeof createTagBody>): Promise<Tag> {
  requirePermission(ctx.actor, 'setting', 'update');
  await assertTagNameFree(deps, input.name, null);
  return deps.db.transaction(async (tx) => {
    const id = await q.insertTag(tx, { name: input.name, color: input.color, createdBy: ctx.actor.userId, createdAt: ctx.now, updatedAt: ctx.now });
    const row = await q.findTag(tx, id);
    if (!row) throw notFound('tag');
    await writeAudit(tx, ctx, { action: 'create', entityType: 'tag', entityId: id, entityLabel: row.name, after: { name: row.name, color: row.color } });
    return toTag(row);
  });
}

export async function updateTag(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateTagBody>): Promise<Tag> {
  requirePermission(ctx.actor, 'setting', 'update');
  const before = await q.findTag(deps.db, id);
  if (!before) throw notFound('tag');
  if (input.name !== undefined) await assertTagNameFree(deps, input.name, id);
  return deps.db.transaction(async (tx) => {
    const values: q.TagChanges = { updatedAt: ctx.now };
    if (input.name !== undefined) values.name = input.name;
    if (input.color !== undefined) values.color = input.color;
    if (!(await q.updateTag(tx, id, input.version, values))) throw versionConflict();
    const after = await q.findTag(tx, id);
    if (!after) throw notFound('tag');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'tag', entityId: id, entityLabel: after.name, before: { name: before.name, color: before.color }, after: { name: after.name, color: after.color } });
    return toTag(after);
  });
}

/** Deleting a tag takes it off every customer that carried it (recorded in the audit entry). */
export async function deleteTag(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'setting', 'update');
  const row = await q.findTag(deps.db, id);
  if (!row) throw notFound('tag');
  await deps.db.transaction(async (tx) => {
    await q.deleteTag(tx, id);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'tag', entityId: id, entityLabel: row.name, before: { name: row.name, color: row.color, customerCount: row.customerCount } });
  });
}

// ---------------------------------------------------------------------------------------------
// Source channels (来源渠道): like industries, read by everyone who works with customers and
// leads, maintained by admins. Synonyms are what imports match besides the names.

function toSourceChannel(row: q.SourceChannelRow): SourceChannel {
  return { key: row.key, nameZh: row.nameZh, nameEn: row.nameEn, synonyms: row.synonyms, sortOrder: row.sortOrder, active: row.active, version: row.version };
}
const channelAudit = (r: Pick<q.SourceChannelRow, 'nameZh' | 'nameEn' | 'synonyms' | 'sortOrder' | 'active'>) => ({ nameZh: r.nameZh, nameEn: r.nameEn, synonyms: r.synonyms, sortOrder: r.sortOrder, active: r.active });

/** The channel list (retired ones flagged), for forms, filters, labels and imports. */
export async function listSourceChannels(deps: Deps, ctx: Ctx): Promise<SourceChannel[]> {
  requirePermission(ctx.actor, 'setting', 'read');
  return (await q.listSourceChannels(deps.db)).map(toSourceChannel);
}

/** A key from the English name (`Online ads` → `online_ads`), else from the position in the list. */
export function channelKeyFrom(nameEn: string, taken: ReadonlySet<string>): string {
  const slug = nameEn
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 32);
  const base = CHANNEL_KEY_PATTERN.test(slug) ? slug : 'channel';
  if (!taken.has(base) && base !== 'channel') return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

function cleanSynonyms(synonyms: readonly string[] | undefined): string[] | undefined {
  return synonyms ? [...new Set(synonyms.map((s) => s.trim()).filter(Boolean))] : undefined;
}

export async function createSourceChannel(deps: Deps, ctx: Ctx, input: z.infer<typeof createSourceChannelBody>): Promise<SourceChannel> {
  requirePermission(ctx.actor, 'setting', 'update');
  const existing = await q.listSourceChannels(deps.db);
  if (input.key && existing.some((c) => c.key === input.key)) throw new AppError('DUPLICATE', { details: [{ path: 'key', key: 'duplicate.channelKey' }] });
  const taken = await q.sourceChannelNameTaken(deps.db, input.nameZh, input.nameEn, null);
  if (taken) throw new AppError('DUPLICATE', { details: [{ path: taken, key: 'duplicate.channelName' }] });
  const key = input.key ?? channelKeyFrom(input.nameEn, new Set(existing.map((c) => c.key)));
  return deps.db.transaction(async (tx) => {
    const sortOrder = input.sortOrder ?? Math.max(0, ...existing.map((c) => c.sortOrder)) + 10;
    await q.insertSourceChannel(tx, { key, nameZh: input.nameZh, nameEn: input.nameEn, synonyms: cleanSynonyms(input.synonyms) ?? [], sortOrder, createdAt: ctx.now, updatedAt: ctx.now });
    const row = await q.findSourceChannel(tx, key);
    if (!row) throw notFound('sourceChannel');
    await writeAudit(tx, ctx, { action: 'create', entityType: 'source_channel', entityId: key, entityLabel: row.nameZh, after: channelAudit(row) });
    return toSourceChannel(row);
  });
}

export async function updateSourceChannel(deps: Deps, ctx: Ctx, key: string, input: z.infer<typeof updateSourceChannelBody>): Promise<SourceChannel> {
  requirePermission(ctx.actor, 'setting', 'update');
  const before = await q.findSourceChannel(deps.db, key);
  if (!before) throw notFound('sourceChannel');
  const taken = await q.sourceChannelNameTaken(deps.db, input.nameZh, input.nameEn, key);
  if (taken) throw new AppError('DUPLICATE', { details: [{ path: taken, key: 'duplicate.channelName' }] });
  if (input.active === false && (await q.listSourceChannels(deps.db)).filter((c) => c.active && c.key !== key).length === 0) {
    throw invalid([{ path: 'active', key: 'sourceChannel.lastActive' }]);
  }
  return deps.db.transaction(async (tx) => {
    const values: q.SourceChannelChanges = { updatedAt: ctx.now };
    if (input.nameZh !== undefined) values.nameZh = input.nameZh;
    if (input.nameEn !== undefined) values.nameEn = input.nameEn;
    if (input.synonyms !== undefined) values.synonyms = cleanSynonyms(input.synonyms);
    if (input.sortOrder !== undefined) values.sortOrder = input.sortOrder;
    if (input.active !== undefined) values.active = input.active;
    if (!(await q.updateSourceChannel(tx, key, input.version, values))) throw versionConflict();
    const after = await q.findSourceChannel(tx, key);
    if (!after) throw notFound('sourceChannel');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'source_channel', entityId: key, entityLabel: after.nameZh, before: channelAudit(before), after: channelAudit(after) });
    return toSourceChannel(after);
  });
}
