import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ACTIONS, BUILTIN_ROLE_KEYS, type Action, type BuiltinRoleKey, type Permission } from '../../../contracts/access.ts';
import type { Locale } from '../../../contracts/auth.ts';
import type { SearchHit, SearchKind } from '../../../contracts/search.ts';
import type { Ctx } from '../access/actor.ts';
import type { Deps } from '../deps.ts';
import type { JobDefinition } from '../jobs/define.ts';

/**
 * What a module brings to the app, declared in one place (`modules/<name>/<name>.module.ts`) and
 * registered in the one list `modules/index.ts`. The platform assembles the mounted routes, the
 * job list, the permission catalogue with the built-in roles' defaults, the message catalogue and
 * the declared timeline and notification kinds from these; it knows no module by name.
 */
export interface ModuleManifest {
  /** The module's folder name, e.g. `customers`. */
  name: string;
  /** Mounted under /api/v1. */
  routes?: RouteFactory;
  /** Mounted at the root, outside /api/v1 and its conventions (e.g. a calendar feed other apps fetch). */
  rootRoutes?: RouteFactory;
  jobs?: readonly JobDefinition<unknown>[];
  /** The resources this module guards: their actions and which built-in roles get which by default. */
  permissions?: PermissionDeclarations;
  /** The module's server messages (error details, texts it writes), the same keys in both languages. */
  messages?: MessageCatalogue;
  /** The `kind`s this module publishes on the customer timeline (`<record>.<what>`). */
  timelineKinds?: readonly string[];
  /** The `kind`s of in-app notifications this module sends (`<area>.<what>`). */
  notificationKinds?: readonly string[];
  /**
   * The record types this module writes to the audit log (`entityType`), each with the message
   * key of its name (`{ quote: 'entity.quote' }`), which the audit log shows and filters by in
   * the reader's language. The key may be any module's; both languages must have it.
   */
  auditTypes?: Readonly<Record<string, string>>;
  /** What the module adds to the global search in the header. */
  search?: SearchSource;
}

/**
 * A kind of record the global search looks through. `find` searches as the module's own list
 * would for `ctx.actor` (scope, field visibility) and returns up to `limit` hits, best first;
 * the global search asks for one more to tell whether there are more.
 */
export interface SearchSource {
  kind: SearchKind;
  /** What the actor needs; without it the kind is skipped, not refused. */
  permission: Permission;
  find(deps: Deps, ctx: Ctx, q: string, limit: number): Promise<SearchHit[]>;
}

export type RouteFactory = (deps: Deps) => FastifyPluginAsyncZod;

/** Built-in roles that take defaults from the manifests; `admin` always has every permission. */
export type DefaultRoleKey = Exclude<BuiltinRoleKey, 'admin'>;
export const DEFAULT_ROLE_KEYS = BUILTIN_ROLE_KEYS.filter((k): k is DefaultRoleKey => k !== 'admin');

export interface ResourceDeclaration {
  /** The actions that make sense on the resource (the role editor shows a checkbox for each). */
  actions: readonly Action[];
  /** Which actions each built-in role gets when the resource first appears (`'all'` = every one). */
  defaults?: Partial<Record<DefaultRoleKey, readonly Action[] | 'all'>>;
}

/** Resource name → its declaration. The role editor labels a resource with `access.resources.<name>`. */
export type PermissionDeclarations = Readonly<Record<string, ResourceDeclaration>>;

export type MessageCatalogue = Readonly<Record<Locale, Readonly<Record<string, string>>>>;

/**
 * Resource → its actions, for compile-time checks of `requirePermission(actor, 'customer', 'read')`
 * and of the web's permission strings. A manifest file adds its resources with
 * `interface PermissionRegistry extends PermissionsOf<typeof permissions> {}` inside
 * `declare module '…/contracts/access.ts'`.
 */
export type PermissionsOf<P extends PermissionDeclarations> = { -readonly [R in keyof P]: P[R]['actions'][number] };

/**
 * Kinds as the keys of a registry interface: a manifest file adds its kinds to `TimelineKindRegistry`
 * (contracts/timeline.ts) and `NotificationKindRegistry` (contracts/notifications.ts), so publishing
 * an undeclared kind does not compile.
 */
export type KindsOf<K extends readonly string[]> = { [k in K[number]]: true };

/**
 * Audit entity types as the keys of a registry interface: a manifest file adds its types to
 * `AuditTypeRegistry` (contracts/audit.ts), so writing an audit entry of an undeclared type does not compile.
 */
export type AuditTypesOf<A extends Readonly<Record<string, string>>> = { -readonly [t in keyof A]: true };

const MODULE_NAME = /^[a-z][a-z0-9-]*$/;
const AUDIT_TYPE = /^[a-z][a-zA-Z_]*$/;
const RESOURCE_NAME = /^[a-z][a-z_]*$/;
const KIND = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;

/** Checks a manifest's shape where it is written, so a mistake fails at start (and in every test), not later. */
export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  const fail = (what: string): never => {
    throw new Error(`module manifest "${manifest.name}": ${what}`);
  };
  if (!MODULE_NAME.test(manifest.name)) fail('the name must be lower-case letters, digits and hyphens');
  for (const [resource, decl] of Object.entries(manifest.permissions ?? {})) {
    if (!RESOURCE_NAME.test(resource)) fail(`resource "${resource}": lower-case letters and _ only`);
    if (decl.actions.length === 0) fail(`resource "${resource}" has no actions`);
    if (new Set(decl.actions).size !== decl.actions.length) fail(`resource "${resource}" lists an action twice`);
    for (const a of decl.actions) if (!(ACTIONS as readonly string[]).includes(a)) fail(`resource "${resource}": unknown action "${a}"`);
    for (const [role, actions] of Object.entries(decl.defaults ?? {})) {
      if (!(DEFAULT_ROLE_KEYS as readonly string[]).includes(role)) fail(`resource "${resource}": defaults for "${role}", which is not a built-in role other than admin`);
      if (actions === 'all') continue;
      for (const a of actions ?? []) if (!decl.actions.includes(a)) fail(`resource "${resource}": default "${a}" for ${role} is not one of its actions`);
    }
  }
  if (manifest.messages) {
    const en = Object.keys(manifest.messages.en);
    const zh = new Set(Object.keys(manifest.messages['zh-CN']));
    const missingZh = en.filter((k) => !zh.has(k));
    const missingEn = [...zh].filter((k) => !(k in manifest.messages!.en));
    if (missingZh.length || missingEn.length) fail(`messages without a zh-CN text: [${missingZh.join(', ')}]; without an en text: [${missingEn.join(', ')}]`);
  }
  for (const field of ['timelineKinds', 'notificationKinds'] as const) {
    const kinds = manifest[field] ?? [];
    for (const k of kinds) if (!KIND.test(k)) fail(`${field}: "${k}" is not <area>.<what> in lower case`);
    if (new Set(kinds).size !== kinds.length) fail(`${field} lists a kind twice`);
  }
  for (const [type, key] of Object.entries(manifest.auditTypes ?? {})) {
    if (!AUDIT_TYPE.test(type)) fail(`auditTypes: "${type}" must start with a lower-case letter and hold letters and _ only`);
    if (!key) fail(`auditTypes: "${type}" has no message key for its name`);
  }
  return manifest;
}

export interface CatalogueResource {
  resource: string;
  actions: Action[];
  /** The manifest that declares it. */
  module: string;
}

/** What the app, the job runner, the role catalogue and the message catalogue are built from. */
export interface AssembledModules {
  manifests: readonly ModuleManifest[];
  apiRoutes: RouteFactory[];
  rootRoutes: RouteFactory[];
  jobs: JobDefinition<unknown>[];
  /** The permission catalogue in the order the role editor shows it: manifest order, then declaration order. */
  resources: CatalogueResource[];
  /** Every `resource:action`, in catalogue order. */
  permissions: string[];
  /** The built-in roles' permissions on a fresh install (admin: every one). */
  roleDefaults: Record<BuiltinRoleKey, string[]>;
  messages: Record<Locale, Record<string, string>>;
  timelineKinds: ReadonlySet<string>;
  notificationKinds: ReadonlySet<string>;
  /** Audit entity type → the message key of its name, in manifest order. */
  auditTypes: ReadonlyMap<string, string>;
  /** The global search's kinds, in manifest order. */
  searchSources: readonly SearchSource[];
  hasPermission(permission: string): boolean;
}

/**
 * Puts the manifests together, in their order, refusing two modules that claim the same name,
 * resource, job, message key or kind.
 */
export function assembleModules(manifests: readonly ModuleManifest[]): AssembledModules {
  const owner = new Map<string, string>();
  const claim = (what: string, by: string) => {
    const earlier = owner.get(what);
    if (earlier !== undefined) throw new Error(`${what} is declared by both "${earlier}" and "${by}"`);
    owner.set(what, by);
  };
  const resources: CatalogueResource[] = [];
  const roleDefaults = Object.fromEntries(BUILTIN_ROLE_KEYS.map((k) => [k, [] as string[]])) as Record<BuiltinRoleKey, string[]>;
  const messages: Record<Locale, Record<string, string>> = { en: {}, 'zh-CN': {} };
  const jobs: JobDefinition<unknown>[] = [];
  const timelineKinds = new Set<string>();
  const notificationKinds = new Set<string>();
  const auditTypes = new Map<string, string>();
  const searchSources: SearchSource[] = [];

  for (const m of manifests) {
    claim(`module ${m.name}`, m.name);
    for (const job of m.jobs ?? []) {
      claim(`job ${job.name}`, m.name);
      jobs.push(job);
    }
    for (const [resource, decl] of Object.entries(m.permissions ?? {})) {
      claim(`resource ${resource}`, m.name);
      // The matrix's columns are ACTIONS: keep each resource's actions in that order.
      const actions = ACTIONS.filter((a) => decl.actions.includes(a));
      resources.push({ resource, actions, module: m.name });
      roleDefaults.admin.push(...actions.map((a) => `${resource}:${a}`));
      for (const role of DEFAULT_ROLE_KEYS) {
        const given = decl.defaults?.[role];
        const granted = given === 'all' ? actions : actions.filter((a) => given?.includes(a));
        roleDefaults[role].push(...granted.map((a) => `${resource}:${a}`));
      }
    }
    for (const key of Object.keys(m.messages?.en ?? {})) claim(`message ${key}`, m.name);
    for (const locale of ['en', 'zh-CN'] as const) Object.assign(messages[locale], m.messages?.[locale]);
    for (const k of m.timelineKinds ?? []) {
      claim(`timeline kind ${k}`, m.name);
      timelineKinds.add(k);
    }
    for (const k of m.notificationKinds ?? []) {
      claim(`notification kind ${k}`, m.name);
      notificationKinds.add(k);
    }
    if (m.search) {
      claim(`search kind ${m.search.kind}`, m.name);
      searchSources.push(m.search);
    }
    for (const [type, key] of Object.entries(m.auditTypes ?? {})) {
      claim(`audit type ${type}`, m.name);
      auditTypes.set(type, key);
    }
  }
  // A name may come from another module's messages, so it is checked once all are assembled.
  for (const [type, key] of auditTypes) {
    const missing = (['en', 'zh-CN'] as const).filter((locale) => !messages[locale][key]);
    if (missing.length) throw new Error(`audit type ${type}: its name "${key}" is not a message in ${missing.join(' and ')}`);
  }
  const permissions = resources.flatMap((r) => r.actions.map((a) => `${r.resource}:${a}`));
  const known = new Set(permissions);
  return {
    manifests,
    apiRoutes: manifests.flatMap((m) => (m.routes ? [m.routes] : [])),
    rootRoutes: manifests.flatMap((m) => (m.rootRoutes ? [m.rootRoutes] : [])),
    jobs,
    resources,
    permissions,
    roleDefaults,
    messages,
    timelineKinds,
    notificationKinds,
    auditTypes,
    searchSources,
    hasPermission: (p) => known.has(p),
  };
}
