import type { z } from 'zod';
import type {
  createSegmentBody,
  evaluateSegmentBody,
  listRecordsBody,
  listSegmentsQuery,
  Segment,
  SegmentEntity,
  SegmentGroup,
  SegmentPreview,
  snapshotSegmentBody,
  updateSegmentBody,
} from '../../../contracts/segments.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { requirePermission, UNSCOPED } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, notFound, versionConflict } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import * as q from './segments.queries.ts';
import { checkDefinition, type CheckedGroup } from './segments.rules.ts';

/**
 * 客户分群: segments are kept by their owner (and, by scope, the owner's department) and, when
 * shared, used by everyone who reads segments. Whoever counts, previews or snapshots a segment
 * gets the records of their own data scope only, so a shared segment never shows more than the
 * user's lists would.
 */

/** A static list is at most this big: a snapshot of a larger segment is refused. */
export const MAX_STATIC_LIST = 100_000;

export function toSegment(row: q.SegmentRow): Segment {
  const s = row.segment;
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    entity: s.entity,
    kind: s.kind,
    definition: s.definition,
    shared: s.shared,
    recordCount: row.recordCount,
    sourceSegmentId: s.sourceSegmentId,
    ownerId: s.ownerId,
    ownerName: row.ownerName,
    departmentId: s.departmentId,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
  };
}

function auditView(s: Segment) {
  return { name: s.name, description: s.description, entity: s.entity, kind: s.kind, definition: s.definition ? JSON.stringify(s.definition) : null, shared: s.shared, ownerId: s.ownerId };
}

/** The definition checked against the entity's fields; 400 naming each bad condition otherwise. */
export function checkedDefinition(entity: SegmentEntity, definition: SegmentGroup, path = 'definition'): CheckedGroup {
  const { checked, problems } = checkDefinition(entity, definition, path);
  if (problems.length > 0) throw invalid(problems);
  return checked;
}

/** A segment the actor may use (its keepers, or anyone when shared), else 404. */
export async function requireUsableSegment(db: DbOrTx, actor: Actor, id: string, opts: { path?: string } = {}): Promise<q.SegmentRow> {
  const row = await q.findSegment(db, id, actor, 'read');
  if (!row) throw opts.path ? invalid([{ path: opts.path, key: 'NOT_FOUND', params: { entity: 'segment' } }]) : notFound('segment');
  return row;
}

async function requireKeptSegment(db: DbOrTx, actor: Actor, id: string): Promise<q.SegmentRow> {
  const row = await q.findSegment(db, id, actor, 'write');
  if (!row) throw notFound('segment');
  return row;
}

/** What a saved segment selects: its definition, or its records. */
export function selectionOf(row: q.SegmentRow): q.Selection {
  const s = row.segment;
  if (s.kind === 'static') return { listId: s.id };
  return { definition: checkedDefinition(s.entity, s.definition ?? { match: 'all', conditions: [] }) };
}

const evalContext = (deps: Deps, ctx: Ctx): q.EvalContext => ({ now: ctx.now, timeZone: deps.config.timeZone });

export async function listSegments(deps: Deps, ctx: Ctx, query: z.infer<typeof listSegmentsQuery>) {
  requirePermission(ctx.actor, 'segment', 'read');
  const rows = await q.listSegments(deps.db, { viewer: ctx.actor, entity: query.entity, kind: query.kind, q: query.q || undefined, cursor: query.cursor, limit: query.limit });
  return toPage(rows, query.limit, (r) => [r.segment.createdAt, r.segment.id], toSegment);
}

export async function getSegment(deps: Deps, ctx: Ctx, id: string): Promise<Segment> {
  requirePermission(ctx.actor, 'segment', 'read');
  return toSegment(await requireUsableSegment(deps.db, ctx.actor, id));
}

async function reread(db: DbOrTx, id: string): Promise<Segment> {
  // UNSCOPED: the segment this transaction just wrote, after the caller's scoped check or insert.
  const row = await q.findSegment(db, id, UNSCOPED, 'read');
  if (!row) throw notFound('segment');
  return toSegment(row);
}

export async function createSegment(deps: Deps, ctx: Ctx, input: z.infer<typeof createSegmentBody>): Promise<Segment> {
  requirePermission(ctx.actor, 'segment', 'create');
  if (input.kind === 'dynamic') {
    if (!input.definition) throw invalid([{ path: 'definition', key: 'segment.definitionRequired' }]);
    checkedDefinition(input.entity, input.definition);
  } else if (input.definition) throw invalid([{ path: 'definition', key: 'segment.staticHasNoDefinition' }]);
  return deps.db.transaction(async (tx) => {
    const id = await q.insertSegment(tx, {
      name: input.name,
      description: input.description ?? null,
      entity: input.entity,
      kind: input.kind,
      definition: input.kind === 'dynamic' ? (input.definition ?? null) : null,
      shared: input.shared,
      ownerId: ctx.actor.userId,
      departmentId: ctx.actor.departmentId,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const created = await reread(tx, id);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'segment', entityId: id, entityLabel: created.name, after: auditView(created) });
    return created;
  });
}

export async function updateSegment(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateSegmentBody>): Promise<Segment> {
  requirePermission(ctx.actor, 'segment', 'update');
  const before = await requireKeptSegment(deps.db, ctx.actor, id);
  const b = before.segment;
  if (input.definition) {
    if (b.kind === 'static') throw invalid([{ path: 'definition', key: 'segment.staticHasNoDefinition' }]);
    checkedDefinition(b.entity, input.definition);
  }
  const values: q.SegmentValues = { updatedAt: ctx.now };
  if (input.name !== undefined) values.name = input.name;
  if (input.description !== undefined) values.description = input.description;
  if (input.definition !== undefined) values.definition = input.definition;
  if (input.shared !== undefined) values.shared = input.shared;
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateSegment(tx, id, input.version, values))) throw versionConflict();
    const after = await reread(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'segment', entityId: id, entityLabel: after.name, before: auditView(toSegment(before)), after: auditView(after) });
    return after;
  });
}

export async function deleteSegment(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'segment', 'delete');
  const before = await requireKeptSegment(deps.db, ctx.actor, id);
  await deps.db.transaction(async (tx) => {
    await q.softDeleteSegment(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'segment', entityId: id, entityLabel: before.segment.name, before: auditView(toSegment(before)) });
  });
}

/** The live count and first rows of a definition being edited, in the caller's scope. */
export async function evaluateDefinition(deps: Deps, ctx: Ctx, input: z.infer<typeof evaluateSegmentBody>): Promise<SegmentPreview> {
  requirePermission(ctx.actor, 'segment', 'read');
  const selection = { definition: checkedDefinition(input.entity, input.definition) };
  return preview(deps, ctx, input.entity, selection, input.limit);
}

async function preview(deps: Deps, ctx: Ctx, entity: SegmentEntity, selection: q.Selection, limit: number): Promise<SegmentPreview> {
  const ec = evalContext(deps, ctx);
  // One after the other: a count and a page of the same selection on one pool connection each.
  const [count, rows] = await Promise.all([q.countSelection(deps.db, entity, selection, ctx.actor, ec), q.previewSelection(deps.db, entity, selection, ctx.actor, ec, limit)]);
  return { count, items: rows.map((r) => ({ ...r, entity, createdAt: r.createdAt.toISOString() })) };
}

/** Only the count of a definition being edited (the builder asks after each change). */
export async function countDefinition(deps: Deps, ctx: Ctx, input: z.infer<typeof evaluateSegmentBody>): Promise<{ count: number; tookMs: number }> {
  requirePermission(ctx.actor, 'segment', 'read');
  const selection = { definition: checkedDefinition(input.entity, input.definition) };
  const started = performance.now();
  const count = await q.countSelection(deps.db, input.entity, selection, ctx.actor, evalContext(deps, ctx));
  return { count, tookMs: Math.round(performance.now() - started) };
}

/** A saved segment's count and first rows, in the caller's scope. */
export async function segmentPreview(deps: Deps, ctx: Ctx, id: string, limit: number): Promise<SegmentPreview> {
  requirePermission(ctx.actor, 'segment', 'read');
  const row = await requireUsableSegment(deps.db, ctx.actor, id);
  return preview(deps, ctx, row.segment.entity, selectionOf(row), limit);
}

/** 静态名单: the records a segment selects now (in the caller's scope) kept as a list of the caller's. */
export async function snapshotSegment(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof snapshotSegmentBody>): Promise<Segment> {
  requirePermission(ctx.actor, 'segment', 'create');
  const source = await requireUsableSegment(deps.db, ctx.actor, id);
  const entity = source.segment.entity;
  return deps.db.transaction(async (tx) => {
    const ids = await q.selectionIds(tx, entity, selectionOf(source), ctx.actor, evalContext(deps, ctx), MAX_STATIC_LIST + 1);
    if (ids.length > MAX_STATIC_LIST) throw new AppError('BUSINESS_RULE', { key: 'segment.snapshotTooLarge', params: { max: MAX_STATIC_LIST } });
    const listId = await q.insertSegment(tx, {
      name: input.name,
      description: input.description ?? null,
      entity,
      kind: 'static',
      definition: null,
      shared: false,
      sourceSegmentId: id,
      ownerId: ctx.actor.userId,
      departmentId: ctx.actor.departmentId,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await q.addListRecords(tx, listId, ids, ctx.actor.userId, ctx.now);
    const created = await reread(tx, listId);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'segment', entityId: listId, entityLabel: created.name, after: { ...auditView(created), records: ids.length, from: source.segment.name } });
    return created;
  });
}

/** Adds records the caller may see to a static list the caller keeps. */
export async function changeListRecords(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof listRecordsBody>, change: 'add' | 'remove') {
  requirePermission(ctx.actor, 'segment', 'update');
  const list = await requireKeptSegment(deps.db, ctx.actor, id);
  if (list.segment.kind !== 'static') throw new AppError('BUSINESS_RULE', { key: 'segment.notStatic' });
  const ids = [...new Set(input.ids)];
  return deps.db.transaction(async (tx) => {
    const visible = await q.visibleIds(tx, list.segment.entity, ids, ctx.actor);
    if (change === 'add' && (list.recordCount ?? 0) + visible.length > MAX_STATIC_LIST) throw new AppError('BUSINESS_RULE', { key: 'segment.snapshotTooLarge', params: { max: MAX_STATIC_LIST } });
    const changed = change === 'add' ? await q.addListRecords(tx, id, visible, ctx.actor.userId, ctx.now) : await q.removeListRecords(tx, id, visible);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'segment', entityId: id, entityLabel: list.segment.name, before: { records: list.recordCount }, after: { records: (list.recordCount ?? 0) + (change === 'add' ? changed : -changed) } });
    return { changed, unchanged: visible.length - changed, notVisible: ids.length - visible.length };
  });
}

/**
 * The records a segment selects now in the caller's scope, newest first, at most `cap` (an
 * audience: a campaign's members, a mailing). Needs segment:read; a segment the caller may not
 * use is a 400 on `path`.
 */
export async function segmentRecordIds(deps: Deps, ctx: Ctx, segmentId: string, cap: number, path: string): Promise<{ entity: SegmentEntity; name: string; ids: string[]; truncated: boolean }> {
  requirePermission(ctx.actor, 'segment', 'read');
  const row = await requireUsableSegment(deps.db, ctx.actor, segmentId, { path });
  const ids = await q.selectionIds(deps.db, row.segment.entity, selectionOf(row), ctx.actor, evalContext(deps, ctx), cap + 1);
  return { entity: row.segment.entity, name: row.segment.name, ids: ids.slice(0, cap), truncated: ids.length > cap };
}
