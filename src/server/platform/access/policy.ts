import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Action, DataScope, Resource } from '../../../contracts/access.ts';
import { AppError, missingReference, notFound } from '../errors.ts';
import { can, type Actor } from './actor.ts';

/**
 * The one place that decides what a caller may do and see. Every module asks here:
 *  - `requirePermission` before a use case runs (403),
 *  - `scopeWhere` for every query on a scoped table, so lists, reads, updates, deletes,
 *    exports and searches can never reach a record outside the caller's data scope (404),
 *  - `withoutSensitive` before a record leaves the server, `requireSensitiveWrite` before one comes in.
 */
export function requirePermission(actor: Actor, resource: Resource, action: Action): void {
  if (!can(actor, resource, action)) throw new AppError('FORBIDDEN');
}

/** How a table maps onto data scopes: who "owns" a row and which department it belongs to. */
export interface ScopeRule {
  /** Rows the actor owns (scope `own`). */
  own: (actor: Actor) => SQL;
  /**
   * The scope as parts, each served by an index of its own (optional): the rows of
   * `own`, and those of one department. A sorted list can read each part through its index and
   * merge them, where one OR would make PostgreSQL read every row the OR matches before sorting,
   * or walk an index of the whole table in sort order testing each row.
   */
  parts?: {
    own: (actor: Actor) => ScopePart[];
    inDepartment: (departmentId: string) => ScopePart;
  };
  /** Rows in the given departments (scope `department`, together with `own`). */
  inDepartments: (departmentIds: readonly string[]) => SQL;
  /** Soft-deleted rows are invisible to everyone. */
  deletedAt?: PgColumn;
}

/** The usual rule for business records: an owner column and a department column. */
export function ownerDepartmentRule(owner: PgColumn, department: PgColumn, deletedAt?: PgColumn): ScopeRule {
  return {
    own: (actor) => eq(owner, actor.userId),
    inDepartments: (ids) => inArray(department, [...ids]),
    deletedAt,
  };
}

/**
 * `ownerDepartmentRule` for one row already read: whether it is inside the actor's data scope.
 * Answers what `scopeWhere` would select, for a response that says what the caller may do with
 * a record it reached by a wider rule (see `scopeWhereOr`).
 */
export function ownerDepartmentInScope(actor: Pick<Actor, 'userId' | 'dataScope' | 'departmentIds'>, row: { ownerId: string | null; departmentId: string | null }): boolean {
  if (row.ownerId === actor.userId) return true;
  switch (actor.dataScope) {
    case 'all':
      return true;
    case 'department':
      return row.departmentId !== null && actor.departmentIds.includes(row.departmentId);
    case 'own':
      return false;
  }
}

/**
 * One of the parts of a scope. `orderedBy`: the columns an index reads the part in
 * order of; `few`: small enough (one person's records) to read whole and sort in any other order.
 */
export interface ScopePart {
  where: SQL;
  orderedBy: readonly PgColumn[];
  few: boolean;
  /** The index reading the part in order carries the columns of its condition and order and the id: a walk testing only ids reads no row. */
  covered?: boolean;
}

/** Beyond this many departments a scope is not split (one part per department). */
const MAX_DEPARTMENT_PARTS = 12;

/**
 * The caller's scope as parts whose union is exactly what `scopeWhere` selects (they may
 * overlap: one's own customer in one's department), if the rule has parts and the scope is not
 * `all` (else undefined: use `scopeWhere`).
 */
export function scopeParts(actor: Actor, rule: ScopeRule): ScopePart[] | undefined {
  if (!rule.parts || actor.dataScope === 'all') return undefined;
  const alive = rule.deletedAt ? isNull(rule.deletedAt) : undefined;
  const withAlive = (part: ScopePart) => ({ ...part, where: and(alive, part.where) as SQL });
  const own = rule.parts.own(actor);
  if (actor.dataScope === 'own' || actor.departmentIds.length === 0) return own.map(withAlive);
  if (actor.departmentIds.length > MAX_DEPARTMENT_PARTS) return undefined;
  return [...actor.departmentIds.map(rule.parts.inDepartment), ...own].map(withAlive);
}

export function scopeWhere(actor: Actor, rule: ScopeRule): SQL | undefined {
  const alive = rule.deletedAt ? isNull(rule.deletedAt) : undefined;
  return and(alive, scopeOnly(actor, actor.dataScope, rule));
}

/**
 * The actor's scope widened by rules of the record's own, each a condition already decided for
 * this actor (undefined: the rule does not apply to them): the leads a user registered, the
 * unassigned leads of someone who assigns them. Such a rule widens what one may read (or
 * assign), never what `scopeWhere` lets one change; the module names which access a query is for.
 */
export function scopeWhereOr(actor: Actor, rule: ScopeRule, extra: readonly (SQL | undefined)[]): SQL | undefined {
  const alive = rule.deletedAt ? isNull(rule.deletedAt) : undefined;
  const inScope = scopeOnly(actor, actor.dataScope, rule);
  const more = extra.filter((c): c is SQL => c !== undefined);
  if (inScope === undefined || more.length === 0) return and(alive, inScope);
  return and(alive, or(inScope, ...more));
}

function scopeOnly(actor: Actor, scope: DataScope, rule: ScopeRule): SQL | undefined {
  switch (scope) {
    case 'all':
      return undefined;
    case 'department':
      if (actor.departmentIds.length === 0) return rule.own(actor);
      return sql`(${rule.own(actor)} or ${rule.inDepartments(actor.departmentIds)})`;
    case 'own':
      return rule.own(actor);
  }
}

/**
 * Passed to a query function instead of an actor where the query must reach rows outside any
 * caller's scope: jobs (nobody is calling), and reads inside a transaction after a scoped check
 * already found the record. Every use says why in a comment. A marker rather than an optional
 * scope condition, so a forgotten scope is a type error instead of a silent "every row".
 */
export const UNSCOPED = Symbol('UNSCOPED');
/** Whose scope a query is read in: an actor, or UNSCOPED. */
export type Viewer = Actor | typeof UNSCOPED;

/** The scope condition of `viewer` for a table (none for UNSCOPED, which sees deleted rows too). */
export function viewerScope(viewer: Viewer, rule: ScopeRule): SQL | undefined {
  return viewer === UNSCOPED ? undefined : scopeWhere(viewer, rule);
}

/**
 * Options of the scoped finders (`requireVisibleCustomer`, `requireVisibleLead`, …) each module's
 * entry exports. A finder checks scope only (plus "alive"); the permission is the use case's.
 */
export interface FindOptions {
  /**
   * Where the id came from. Absent: the URL (`/customers/:id`), and a missing or out-of-scope
   * record is 404 NOT_FOUND naming the entity. Set: a field of the request body (`customerId`,
   * `items.0.orderId`), and it is 400 VALIDATION_FAILED with a NOT_FOUND detail on that path
   * (`missingReference`); such a reference must also be a live record (a lead merged into
   * another is refused). Either way missing and out of scope answer the same, so a guess learns
   * nothing.
   */
  path?: string;
  /**
   * Lock the row until the end of the caller's transaction. 'update' (FOR UPDATE) for a change
   * that depends on the row as read; 'key share' (FOR KEY SHARE) to keep the record from being
   * deleted while something is attached to it, letting edits of the record go on.
   */
  lock?: RowLock;
}
export type RowLock = 'update' | 'key share';

/** The answer of a finder that found nothing (see FindOptions.path). */
export function notVisible(entity: string, opts: FindOptions = {}): AppError {
  return opts.path ? missingReference(opts.path, entity) : notFound(entity);
}

/** Whether a department id is inside the actor's scope (for writes that place a record). */
export function departmentInScope(actor: Actor, departmentId: string | null): boolean {
  switch (actor.dataScope) {
    case 'all':
      return true;
    case 'department':
      return departmentId !== null && actor.departmentIds.includes(departmentId);
    case 'own':
      return departmentId !== null && departmentId === actor.departmentId;
  }
}

/** Whether the actor's role may see (and so also write, import and export) sensitive fields. */
export function seesSensitive(actor: Pick<Actor, 'canViewSensitive'>): boolean {
  return actor.canViewSensitive;
}

/**
 * Writing a sensitive field needs the right to see it. A caller without it who sends one gets 403
 * on every write path (create, update, merge, import), never a silently stored or silently dropped
 * value: the same answer wherever the field comes in. `input` holds what the request would set
 * (a field counts as sent unless it is undefined: null clears a value, which is a write too);
 * `pathOf` names where each field came from in the request (an import names the column).
 */
export function requireSensitiveWrite<T extends object>(actor: Pick<Actor, 'canViewSensitive'>, input: T, fields: readonly (keyof T & string)[], pathOf: (field: keyof T & string) => string = (f) => f): void {
  if (seesSensitive(actor)) return;
  const sent = fields.filter((f) => input[f] !== undefined);
  if (sent.length > 0) throw new AppError('FORBIDDEN', { details: sent.map((f) => ({ path: pathOf(f), key: 'access.sensitiveWrite' })) });
}

/** Removes the named sensitive fields unless the actor's role may see them. */
export function withoutSensitive<T extends object>(actor: Actor, record: T, fields: readonly (keyof T)[]): T {
  if (seesSensitive(actor) || fields.length === 0) return record;
  const copy = { ...record };
  for (const f of fields) delete copy[f];
  return copy;
}

const SCOPE_RANK: Record<DataScope, number> = { own: 0, department: 1, all: 2 };

export interface GrantableRole {
  key: string | null;
  permissions: readonly string[];
  dataScope: DataScope;
  canViewSensitive: boolean;
}

/**
 * A caller may hand out (create, edit or assign) a role only if it gives nothing the caller
 * lacks: no permission they do not hold, no wider data scope, no sensitive-field right they do
 * not have. Admins may grant anything.
 */
export function canGrant(actor: Pick<Actor, 'roleKey' | 'permissions' | 'dataScope' | 'canViewSensitive'>, role: GrantableRole): boolean {
  if (actor.roleKey === 'admin') return true;
  if (role.key === 'admin') return false;
  if (SCOPE_RANK[role.dataScope] > SCOPE_RANK[actor.dataScope]) return false;
  if (role.canViewSensitive && !actor.canViewSensitive) return false;
  return role.permissions.every((p) => actor.permissions.has(p));
}
