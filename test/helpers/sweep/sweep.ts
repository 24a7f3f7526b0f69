import crypto from 'node:crypto';
import type { Permission } from '../../../src/contracts/access.ts';
import type { Client, Harness } from '../harness.ts';
import { minimalPdf } from '../office.ts';
import { generate, type Hint } from './body.ts';
import { RECORD_KINDS, type Owned, type Person, type RecordKind, type RecordRef, type SweepFixture } from './fixture.ts';
import type { OpenApiDoc, Operation } from './openapi.ts';
import { changedTables, snapshot, type Snapshot } from './snapshot.ts';

export type CallerName = 'anonymous' | 'noPermission' | 'salesA';

/** One call of the sweep: an operation, a caller and what must come back. */
export interface Cell {
  op: Operation;
  caller: CallerName;
  /** Acceptable statuses. */
  expected: readonly number[];
  /** `caller METHOD path`: how knownHoles names a cell. */
  key: string;
}

export interface CellResult extends Cell {
  status: number;
  code: string;
  message: string;
  /** Tables whose content changed during the call. */
  changed: string[];
}

export function cellKey(caller: CallerName, op: Operation): string {
  return `${caller} ${op.key}`;
}

/** The first path segment after /api/v1/ (e.g. `customers`). */
function segment(path: string): string {
  return path.split('/')[3] ?? '';
}

const SEGMENT_KINDS: Record<string, RecordKind> = {
  users: 'user',
  departments: 'department',
  roles: 'role',
  'saved-views': 'savedView',
  industries: 'industry',
  tags: 'tag',
  customers: 'customer',
  contacts: 'contact',
  leads: 'lead',
  'lead-assignment-rules': 'assignmentRule',
  pool: 'customer',
  imports: 'importJob',
  notifications: 'notification',
  mail: 'mail',
  'follow-ups': 'followUp',
  'follow-up-methods': 'followUpMethod',
  tasks: 'task',
  feedback: 'feedback',
  attachments: 'attachment',
  products: 'product',
  'pipeline-stages': 'stage',
  opportunities: 'opportunity',
  contracts: 'contract',
  orders: 'order',
  quotes: 'quote',
  auth: 'apiToken',
};

/**
 * Which record a path parameter names. A new route whose parameter is not recognised fails the
 * sweep with this message, so that its record kind is added to the fixture (docs/security/sweep.md).
 */
export function kindOfParam(path: string, param: string): RecordKind | { literal: string } {
  switch (param) {
    case 'customerId':
    case 'ownerId':
      return 'customer';
    case 'ownerType':
      return { literal: 'customer' };
    case 'paymentId':
      return 'contractPayment';
    case 'token':
      return { literal: crypto.randomBytes(16).toString('hex') };
  }
  const kind = SEGMENT_KINDS[segment(path)];
  if ((param === 'id' || param === 'code') && kind) return kind;
  throw new Error(`permission sweep: no record kind for path parameter {${param}} of ${path}: add it to kindOfParam and the fixture (see docs/security/sweep.md)`);
}

/** The record an operation acts on: the kind of its first path parameter, if any. */
export function targetOf(op: Operation): RecordKind | null {
  const first = op.params.find((p) => p.in === 'path');
  if (!first) return null;
  const kind = kindOfParam(op.path, first.name);
  return typeof kind === 'string' ? kind : 'customer';
}

/** The resource whose permissions guard a kind of record; absent: one's own things (404 only). */
const KIND_RESOURCE: Partial<Record<RecordKind, string>> = {
  customer: 'customer',
  contact: 'contact',
  lead: 'lead',
  followUp: 'follow_up',
  task: 'task',
  feedback: 'feedback',
  opportunity: 'opportunity',
  quote: 'quote',
  order: 'order',
  contract: 'contract',
  contractPayment: 'contract',
  // Files follow the record they are attached to (the fixture's are on a customer).
  attachment: 'customer',
  user: 'user',
  department: 'department',
};

/** Kinds that one permission guards whatever the method. */
const KIND_PERMISSION: Partial<Record<RecordKind, string>> = {
  assignmentRule: 'lead:assign',
  mail: 'setting:update',
};

/**
 * The permission an operation on a record needs, by the API's convention: read for GET; delete
 * for DELETE of the record itself; assign for …/assign and …/auto-assign; create for a contact added to a
 * customer; update for every other write (sub-records and actions change their parent).
 */
export function conventionalPermission(op: Operation): string | null {
  const kind = targetOf(op);
  if (!kind) return null;
  const fixed = KIND_PERMISSION[kind];
  if (fixed) return fixed;
  let resource = KIND_RESOURCE[kind];
  if (!resource) return null;
  const last = op.path.split('/').pop() ?? '';
  if (last === 'contacts') resource = 'contact';
  if (op.method === 'GET') return `${resource}:read`;
  if (last === 'assign' || last === 'auto-assign') return `${resource}:assign`;
  if (last === 'contacts') return `${resource}:create`;
  if (op.method === 'DELETE' && last === '{id}' && kind !== 'attachment') return `${resource}:delete`;
  return `${resource}:update`;
}

/** The values that a caller may legitimately put into a body: its own records and itself. */
export function hintFor(fx: SweepFixture, caller: Person, own: Owned, target: RecordRef | null): Hint {
  const values: Record<string, unknown> = {
    customerId: own.customer.id,
    contactId: own.contact.id,
    leadId: own.lead.id,
    opportunityId: own.opportunity.id,
    orderId: own.order.id,
    survivorId: own.customer.id,
    mergedId: own.customer2.id,
    ownerId: caller.id,
    assigneeId: caller.id,
    handlerId: caller.id,
    managerId: caller.id,
    memberIds: [caller.id],
    departmentId: caller.departmentId,
    roleId: fx.noPermissionRoleId,
    stageId: fx.stageId,
    productId: fx.productId,
  };
  return (name) => {
    if (name === 'version') return target?.version ?? 1;
    return values[name];
  };
}

export interface SweepContext {
  h: Harness;
  doc: OpenApiDoc;
  fx: SweepFixture;
  snapshotSql: string;
}

function clientOf(ctx: SweepContext, caller: CallerName): Client {
  if (caller === 'anonymous') return ctx.h.client();
  return ctx.fx[caller].client;
}

/** Builds the URL (path ids of department B's records, required query parameters) and the payload. */
export function requestFor(ctx: SweepContext, cell: Cell): { url: string; payload?: unknown; headers: Record<string, string> } {
  const { fx, doc } = ctx;
  const person = cell.caller === 'noPermission' ? fx.noPermission : fx.salesA;
  const own = cell.caller === 'noPermission' ? fx.own.noPermission : fx.own.salesA;
  const targetKind = targetOf(cell.op);
  const target = targetKind ? fx.b[targetKind] : null;
  const hint = hintFor(fx, person, own, target);

  let url = cell.op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const kind = kindOfParam(cell.op.path, name);
    return encodeURIComponent(typeof kind === 'string' ? fx.b[kind].id : kind.literal);
  });
  const query = cell.op.params
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => {
      const value = p.name === 'fileName' ? (cell.op.path.includes('imports') ? 'sweep.csv' : 'sweep.pdf') : generate(doc, p.schema, hint, p.name);
      return `${encodeURIComponent(p.name)}=${encodeURIComponent(String(value))}`;
    });
  if (query.length) url += `?${query.join('&')}`;

  if (cell.op.rawBody) {
    const bytes = cell.op.path.includes('imports') ? Buffer.from('客户名称\n远山贸易有限公司\n') : minimalPdf();
    return { url, payload: bytes, headers: { 'content-type': 'application/octet-stream' } };
  }
  if (cell.op.body) return { url, payload: generate(doc, cell.op.body, hint), headers: {} };
  return { url, headers: {} };
}

/** Calls one cell and digests the tables around it, so that a change names its call. */
export async function runCell(ctx: SweepContext, cell: Cell, before: Snapshot): Promise<{ result: CellResult; after: Snapshot }> {
  const { url, payload, headers } = requestFor(ctx, cell);
  const res = await clientOf(ctx, cell.caller).request(cell.op.method, url, payload, headers);
  const after = await snapshot(ctx.h.database.pool, ctx.snapshotSql);
  const error = res.body?.error ?? {};
  const result: CellResult = {
    ...cell,
    status: res.status,
    code: typeof error.code === 'string' ? error.code : '',
    message: [
      typeof error.message === 'string' ? error.message : typeof res.body === 'string' ? res.body.slice(0, 80) : '',
      ...((error.details ?? []) as { path: string; message: string }[]).map((d) => `${d.path}: ${d.message}`),
    ]
      .filter(Boolean)
      .join('; '),
    changed: changedTables(before, after),
  };
  return { result, after };
}

/** Whether a result is what the access rules promise: an expected status and no table changed. */
export function passed(r: CellResult): boolean {
  return r.expected.includes(r.status) && r.changed.length === 0;
}

/** The failing cells as a table, one line each, for the assertion message. */
export function formatCells(rows: readonly CellResult[], note: (r: CellResult) => string = () => ''): string {
  const lines = rows.map((r) => {
    const got = `${r.status}${r.code ? ` ${r.code}` : ''}${r.message ? ` "${r.message}"` : ''}`;
    const tables = r.changed.length ? ` | changed: ${r.changed.join(', ')}` : '';
    return `| ${r.op.key} | ${r.caller} | ${r.expected.join('/')} | ${got}${tables}${note(r)} |`;
  });
  return ['| operation | caller | expected | got |', ...lines].join('\n');
}

/** Whether the salesperson lacks the permission an operation needs (403 rather than 404). */
export function lacks(permissions: readonly Permission[], permission: string | null): boolean {
  return permission !== null && !permissions.includes(permission as Permission);
}

export { RECORD_KINDS };
