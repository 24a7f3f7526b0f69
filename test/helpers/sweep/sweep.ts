import crypto from 'node:crypto';
import type { Client, Harness } from '../harness.ts';
import { minimalPdf } from '../office.ts';
import { readZip } from '../zip.ts';
import { generate, type Hint } from './body.ts';
import { RECORD_KINDS, SENSITIVE_MARKER, type Owned, type Person, type RecordKind, type RecordRef, type SweepFixture } from './fixture.ts';
import type { OpenApiDoc, Operation } from './openapi.ts';
import { changedTables, snapshot, type Snapshot } from './snapshot.ts';

export type CallerName = 'anonymous' | 'noPermission' | 'readOnly' | 'salesA' | 'managerA' | 'adminReadToken';

/** One call of the sweep: an operation, a caller and what must come back. */
export interface Cell {
  op: Operation;
  caller: CallerName;
  /** Acceptable statuses. */
  expected: readonly number[];
  /** `caller METHOD path` (and ` body.<property>` for a foreign-id cell): how knownHoles names a cell. */
  key: string;
  /**
   * A foreign-id cell: salesperson A acts on its own record with a valid body in which this one
   * property names department B's record (or salesperson B): 404, 403, or 400 naming the property.
   */
  foreignId?: string;
  /** The same call with every id A's own: it must succeed, else the foreign-id cells prove nothing. */
  control?: boolean;
  /** For files: which kind of record `{ownerType}/{ownerId}` names (one cell per kind). */
  ownerType?: string;
  /**
   * The twin of a foreign-id cell with a random id instead of B's: both must answer alike, so
   * that the answer does not tell a record outside one's scope from a missing one.
   */
  missing?: boolean;
  /**
   * A filter cell: a list or report of salesperson A filtered by this query parameter set to B's
   * record (or B, or department B); its twin with a random id must answer byte for byte alike.
   */
  queryForeign?: string;
  /** A read of the caller's own records (or of a list): allowed, and nothing sensitive shows. */
  ownRead?: boolean;
}

export interface CellResult extends Cell {
  status: number;
  code: string;
  message: string;
  /** The fields a 400 named. */
  fields: string[];
  /** Tables whose content changed during the call. */
  changed: string[];
  /** For a foreign-id or filter cell: the answer of its twin with a random id. */
  twin?: CellResult;
  /** The response as text (an xlsx unpacked). */
  raw: string;
  /** Ids of department B's records that the response shows although the request did not name them. */
  leaked: string[];
}

export function cellKey(caller: CallerName, op: Operation, ownerType?: string): string {
  return `${caller} ${op.key}${ownerType ? ` [${ownerType}]` : ''}`;
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
  'source-channels': 'sourceChannel',
  tags: 'tag',
  customers: 'customer',
  contacts: 'contact',
  leads: 'lead',
  'lead-assignment-rules': 'assignmentRule',
  pool: 'customer',
  imports: 'importJob',
  'bulk-jobs': 'bulkJob',
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
  campaigns: 'campaign',
  segments: 'segment',
  mailings: 'mailing',
  'lead-forms': 'leadForm',
  'sms-sends': 'smsSend',
  orders: 'order',
  quotes: 'quote',
  auth: 'apiToken',
};

/**
 * Which record a path parameter names. A new route whose parameter is not recognised fails the
 * sweep with this message, so that its record kind is added to the fixture (docs/security.md (the permission sweep)).
 */
export function kindOfParam(path: string, param: string, ownerType = 'customer'): RecordKind | { literal: string } {
  switch (param) {
    case 'customerId':
      return 'customer';
    case 'ownerId': {
      const kind = OWNER_TYPE_KINDS[ownerType];
      if (!kind) throw new Error(`permission sweep: no record kind for attachment owner type '${ownerType}': add it to OWNER_TYPE_KINDS`);
      return kind;
    }
    case 'ownerType':
      return { literal: ownerType };
    case 'paymentId':
      return 'contractPayment';
    case 'costId':
      return 'campaignCost';
    case 'memberId':
      return 'campaignMember';
    case 'token':
      return { literal: crypto.randomBytes(16).toString('hex') };
    case 'link':
      return { literal: '0' };
    case 'slug':
      return { literal: 'no-such-form' };
    case 'code':
      if (path.startsWith('/s/')) return { literal: 'NoSuchCode1' };
      break;
    case 'channel':
      return { literal: 'email' };
    case 'address':
      return { literal: 'nobody@sweep.example' };
  }
  const kind = SEGMENT_KINDS[segment(path)];
  if ((param === 'id' || param === 'code' || param === 'key') && kind) return kind;
  throw new Error(`permission sweep: no record kind for path parameter {${param}} of ${path}: add it to kindOfParam and the fixture (see docs/security.md (the permission sweep))`);
}

/** What `{ownerType}/{ownerId}` (files) can name. */
const OWNER_TYPE_KINDS: Record<string, RecordKind> = {
  customer: 'customer',
  contact: 'contact',
  lead: 'lead',
  follow_up: 'followUp',
  opportunity: 'opportunity',
  contract: 'contract',
};

/** The values of an operation's `{ownerType}` (one cell each), or [undefined]. */
export function ownerTypesOf(op: Operation): (string | undefined)[] {
  const param = op.params.find((p) => p.in === 'path' && p.name === 'ownerType');
  return param ? ((param.schema.enum ?? []) as string[]) : [undefined];
}

/** The record an operation acts on: the kind of its first path parameter naming one, if any. */
export function targetOf(op: Operation, ownerType?: string): RecordKind | null {
  for (const p of op.params.filter((q) => q.in === 'path')) {
    const kind = kindOfParam(op.path, p.name, ownerType);
    if (typeof kind === 'string') return kind;
  }
  return null;
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
  campaign: 'campaign',
  campaignCost: 'campaign',
  campaignMember: 'campaign',
  segment: 'segment',
  mailing: 'mailing',
  leadForm: 'lead_form',
  smsSend: 'mailing',
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
export function conventionalPermission(op: Operation, ownerType?: string): string | null {
  const kind = targetOf(op, ownerType);
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
  // Sending, and stepping a send, is a right of its own.
  if ((kind === 'mailing' || kind === 'smsSend') && ['send', 'pause', 'resume', 'cancel'].includes(last)) return 'mailing:send';
  return `${resource}:update`;
}

/**
 * The values that a caller may legitimately put into a body: its own records and itself. They
 * fill required properties; optional ones stay out (their defaults are the caller's own), except
 * the version and the one property a foreign-id cell sets.
 */
export function hintFor(fx: SweepFixture, caller: Person, own: Owned, version: number | undefined, override?: { name: string; value: unknown }): Hint {
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
    collaboratorIds: [caller.id],
    departmentId: caller.departmentId,
    roleId: fx.noPermissionRoleId,
    stageId: fx.stageId,
    productId: fx.productId,
    // Source channels are an admin-managed list: a generated string names none.
    channel: 'website',
  };
  return (name, _schema, required) => {
    if (override?.name === name) return override.value;
    if (name === 'version') return version ?? 1;
    return required ? values[name] : undefined;
  };
}

/**
 * Body properties that name a record or a person, and department B's value for each: a foreign-id
 * cell puts one of them into an otherwise valid body of salesperson A (on A's own record).
 */
export const FOREIGN_IDS: Record<string, (fx: SweepFixture) => unknown> = {
  customerId: (fx) => fx.b.customer.id,
  contactId: (fx) => fx.b.contact.id,
  leadId: (fx) => fx.b.lead.id,
  opportunityId: (fx) => fx.b.opportunity.id,
  orderId: (fx) => fx.b.order.id,
  quoteId: (fx) => fx.b.quote.id,
  survivorId: (fx) => fx.b.customer.id,
  mergedId: (fx) => fx.b.customer.id,
  ownerId: (fx) => fx.salesB.id,
  assigneeId: (fx) => fx.salesB.id,
  handlerId: (fx) => fx.salesB.id,
  managerId: (fx) => fx.salesB.id,
  collaboratorIds: (fx) => [fx.salesB.id],
  memberIds: (fx) => [fx.salesB.id],
};

/** Query parameters that name a record, a person or a department, with department B's value. */
export const FOREIGN_FILTERS: Record<string, (fx: SweepFixture) => unknown> = { ...FOREIGN_IDS, departmentId: (fx) => fx.departmentB };

/** The query parameters of an operation that name a record, a person or a department. */
export function foreignFilterParams(op: Operation): string[] {
  return op.params.filter((p) => p.in === 'query' && p.name in FOREIGN_FILTERS && !p.required).map((p) => p.name);
}

/** The top-level body properties of an operation that name a record or a person. */
export function foreignIdProps(op: Operation): string[] {
  return Object.keys((op.body?.properties ?? {}) as Record<string, unknown>).filter((p) => p in FOREIGN_IDS);
}

/**
 * Body values per operation for rules the JSON schema cannot say (zod refinements, values that
 * must exist, like a follow-up method's code), given the caller and what it owns.
 */
export type BodyOverrides = Record<string, (fx: SweepFixture, own: Owned, caller: Person) => Record<string, unknown>>;

export interface SweepContext {
  h: Harness;
  doc: OpenApiDoc;
  fx: SweepFixture;
  snapshotSql: string;
  overrides: BodyOverrides;
}

function clientOf(ctx: SweepContext, caller: CallerName): Client {
  if (caller === 'anonymous') return ctx.h.client();
  if (caller === 'adminReadToken') return ctx.fx.adminReadToken;
  return ctx.fx[caller].client;
}

/** Whether the cell acts on the caller's own record (foreign-id and control cells) rather than B's. */
function onOwnRecord(cell: Cell): boolean {
  return cell.foreignId !== undefined || cell.control === true || cell.ownRead === true;
}

/** The record a path parameter names for this cell: B's, or the caller's own. */
function pathRecord(ctx: SweepContext, cell: Cell, kind: RecordKind): RecordRef {
  if (onOwnRecord(cell)) {
    const caller = cell.caller === 'anonymous' || cell.caller === 'adminReadToken' ? 'salesA' : cell.caller;
    const own = (ctx.fx.own[caller] as Partial<Record<RecordKind, RecordRef>>)[kind];
    if (!own) throw new Error(`permission sweep: the caller owns no ${kind} for ${cell.key}`);
    return own;
  }
  return ctx.fx.b[kind];
}

/** The current version of a record (read as admin), for bodies that must send it. */
async function currentVersion(ctx: SweepContext, kind: RecordKind, ref: RecordRef): Promise<number | undefined> {
  const get = RECORD_KINDS[kind].get;
  if (!get) return ref.version;
  const res = await ctx.fx.admin.get(get.replace('{id}', ref.id));
  return typeof res.body?.version === 'number' ? res.body.version : ref.version;
}

/** Builds the URL (path ids, required query parameters) and the payload of a cell. */
export async function requestFor(ctx: SweepContext, cell: Cell): Promise<{ url: string; payload?: unknown; headers: Record<string, string> }> {
  const { fx, doc } = ctx;
  // Anonymous and token cells are refused before the body matters: they send what A would.
  const caller = cell.caller === 'anonymous' || cell.caller === 'adminReadToken' ? 'salesA' : cell.caller;
  const person = fx[caller];
  const own = fx.own[caller];
  const targetKind = targetOf(cell.op, cell.ownerType);
  // B's records do not change (unless through a hole), so their versions read once serve;
  // the caller's own ones change with each control call, so they are read afresh.
  const version = !targetKind ? undefined : onOwnRecord(cell) ? await currentVersion(ctx, targetKind, pathRecord(ctx, cell, targetKind)) : fx.b[targetKind].version;
  const foreign = cell.foreignId ? FOREIGN_IDS[cell.foreignId]?.(fx) : undefined;
  const random = Array.isArray(foreign) ? [crypto.randomUUID()] : crypto.randomUUID();
  const override = cell.foreignId ? { name: cell.foreignId, value: cell.missing ? random : foreign } : undefined;
  const hint = hintFor(fx, person, own, version, override);
  const now = ctx.h.clock.now();
  const opts = { hint, now, today: new Intl.DateTimeFormat('en-CA', { timeZone: ctx.h.config.timeZone }).format(now) };

  let url = cell.op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const kind = kindOfParam(cell.op.path, name, cell.ownerType);
    return encodeURIComponent(typeof kind === 'string' ? pathRecord(ctx, cell, kind).id : kind.literal);
  });
  const query = cell.op.params
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => {
      const value = p.name === 'fileName' ? (cell.op.path.includes('imports') ? 'sweep.csv' : 'sweep.pdf') : generate(doc, p.schema, opts, p.name);
      return `${encodeURIComponent(p.name)}=${encodeURIComponent(String(value))}`;
    });
  if (cell.queryForeign) {
    const value = cell.missing ? crypto.randomUUID() : FOREIGN_FILTERS[cell.queryForeign]?.(fx);
    query.push(`${encodeURIComponent(cell.queryForeign)}=${encodeURIComponent(String(Array.isArray(value) ? value[0] : value))}`);
  }
  if (query.length) url += `?${query.join('&')}`;

  if (cell.op.rawBody) {
    const bytes = cell.op.path.includes('imports') ? Buffer.from('客户名称\n远山贸易有限公司\n') : minimalPdf();
    return { url, payload: bytes, headers: { 'content-type': 'application/octet-stream' } };
  }
  if (cell.op.body) {
    const payload = { ...(generate(doc, cell.op.body, opts) as Record<string, unknown>), ...ctx.overrides[cell.op.key]?.(fx, own, person) };
    if (override) payload[override.name] = override.value;
    return { url, payload, headers: {} };
  }
  return { url, headers: {} };
}

/** Calls one cell and digests the tables around it, so that a change names its call. */
export async function runCell(ctx: SweepContext, cell: Cell, before: Snapshot | null): Promise<{ result: CellResult; after: Snapshot | null }> {
  const { url, payload, headers } = await requestFor(ctx, cell);
  const res = await clientOf(ctx, cell.caller).request(cell.op.method, url, payload, headers);
  const raw = readable(res.raw.rawPayload);
  const asked = `${url} ${Buffer.isBuffer(payload) ? '' : JSON.stringify(payload ?? null)}`;
  const leaked = cell.caller === 'anonymous' ? [] : leakIds(ctx.fx, cell.op.key).filter((id) => raw.includes(id) && !asked.includes(id));
  // Only the manager's role (of the sweep's callers) may see sensitive fields.
  if (cell.caller !== 'managerA' && raw.includes(SENSITIVE_MARKER)) leaked.push('a sensitive field (budgetNotes/decisionNotes)');
  const after = before ? await snapshot(ctx.h.database.pool, ctx.snapshotSql) : null;
  const error = res.body?.error ?? {};
  const details = (error.details ?? []) as { path: string; message: string }[];
  const result: CellResult = {
    ...cell,
    status: res.status,
    code: typeof error.code === 'string' ? error.code : '',
    message: [typeof error.message === 'string' ? error.message : typeof res.body === 'string' && /^text\//.test(String(res.headers['content-type'])) ? res.body.slice(0, 80) : '', ...details.map((d) => `${d.path}: ${d.message}`)]
      .filter(Boolean)
      .join('; '),
    fields: details.map((d) => d.path),
    changed: before && after ? changedTables(before, after) : [],
    raw,
    leaked,
  };
  return { result, after };
}

/** Whether a result is what the access rules promise: an expected status and no table changed. */
export function passed(r: CellResult): boolean {
  if (r.changed.length > 0 || r.leaked.length > 0) return false;
  if (r.twin && answerOf(r.twin) !== answerOf(r)) return false;
  if (r.twin && r.queryForeign && r.twin.raw !== r.raw) return false;
  if (r.foreignId && r.status === 400) return r.fields.length > 0 && r.fields.every((f) => f === r.foreignId || f.startsWith(`${r.foreignId}.`));
  const code = REFUSAL_CODES[r.status];
  // A 403 for a missing CSRF token or a pending password change is not the access rules speaking.
  if (code && r.code !== code) return false;
  return r.expected.includes(r.status);
}

/** The error code each refusal must carry. */
const REFUSAL_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/**
 * The ids of B's records that only B and those above B may see (people and departments are
 * left out: names of colleagues and the organisation are shown to everyone who may pick them).
 */
/**
 * Operations that name records of a kind outside the caller's scope by design, and why. The
 * sweep does not count those ids as leaks there (and only there).
 */
const NAMED_BY_DESIGN: Record<string, { kinds: readonly RecordKind[]; reason: string }> = {
  'GET /api/v1/campaign-options': { kinds: ['campaign'], reason: 'whoever registers a lead names the campaign it came through, whoever owns it: names and ids only, nothing of the budget or costs' },
};

function leakIds(fx: SweepFixture, opKey: string): string[] {
  const named = NAMED_BY_DESIGN[opKey]?.kinds ?? [];
  return (Object.keys(fx.b) as RecordKind[]).filter((k) => RECORD_KINDS[k].scoped && k !== 'user' && k !== 'department' && !named.includes(k)).map((k) => fx.b[k].id);
}

/**
 * A response as text to search and compare: an xlsx (a zip) as its unpacked parts but the
 * document properties, which carry the time it was written.
 */
function readable(payload: Buffer): string {
  if (payload.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') return payload.toString('utf8');
  return [...readZip(payload)]
    .filter(([name]) => !name.startsWith('docProps/'))
    .map(([name, content]) => `${name}\n${content.toString('utf8')}`)
    .join('\n');
}

/** Where two texts part, with a little context. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 40), i + 80)}… ≠ …${b.slice(Math.max(0, i - 40), i + 80)}…`;
}

/** What a refusal tells the caller: status, code and the fields named. */
function answerOf(r: CellResult): string {
  return `${r.status} ${r.code} ${r.fields.join(',')}`;
}

/** The failing cells as a table, one line each, for the assertion message. */
export function formatCells(rows: readonly CellResult[], note: (r: CellResult) => string = () => ''): string {
  const lines = rows.map((r) => {
    const got = `${r.status}${r.code ? ` ${r.code}` : ''}${r.message ? ` "${r.message}"` : ''}`;
    const tables = r.changed.length ? ` | changed: ${r.changed.join(', ')}` : '';
    const twinDiffers = r.twin && (answerOf(r.twin) !== answerOf(r) || (r.queryForeign && r.twin.raw !== r.raw));
    const twin = r.twin && twinDiffers ? ` | a random id instead: ${r.twin.status} ${r.twin.code} "${r.twin.message}"${r.queryForeign ? ` (bodies differ: ${firstDifference(r.raw, r.twin.raw)})` : ''}` : '';
    const leaks = r.leaked.length ? ` | shows what it must not: ${r.leaked.join(', ')}` : '';
    const variant = r.ownerType ? ` [${r.ownerType}]` : '';
    const target = r.missing ? 'a random id' : "B's";
    const what =
      variant + (r.foreignId ? ` (body.${r.foreignId} → ${target})` : r.queryForeign ? ` (?${r.queryForeign}= ${target})` : r.control ? ' (control: all ids its own)' : '');
    return `| ${r.op.key}${what} | ${r.caller} | ${r.expected.join('/')}${r.foreignId ? `/400 on ${r.foreignId}` : ''} | ${got}${tables}${twin}${leaks}${note(r)} |`;
  });
  return ['| operation | caller | expected | got |', ...lines].join('\n');
}

/** Whether the salesperson lacks the permission an operation needs (403 rather than 404). */
export function lacks(permissions: readonly string[], permission: string | null): boolean {
  return permission !== null && !permissions.includes(permission);
}

export { RECORD_KINDS };
