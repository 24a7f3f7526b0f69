import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponse } from '../../src/contracts/common.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import { MIGRATIONS_DIR } from '../../src/server/db/client.ts';
import { auditLog, roles, seenPermissions } from '../../src/server/db/schema/index.ts';
import { assembleApp } from '../../src/server/modules/index.ts';
import { can } from '../../src/server/platform/access/actor.ts';
import { AppError } from '../../src/server/platform/errors.ts';
import { defineJob } from '../../src/server/platform/jobs/define.ts';
import { defineModule } from '../../src/server/platform/modules/manifest.ts';
import { expectError } from '../helpers/api.ts';
import { createHarness, type Client, type Harness } from '../helpers/harness.ts';

/** A small module of the kind a later issue adds: one route, one job, one resource, its messages. */
const gadgetsModule = defineModule({
  name: 'gadgets',
  routes: () => async (app) => {
    app.get('/gadgets/:id', { schema: { tags: ['gadgets'], summary: 'One gadget', params: z.object({ id: z.string() }), response: { 403: errorResponse, 404: errorResponse } } }, async (req) => {
      // The resource is the test's own, so not in the compile-time registry.
      if (!can(req.ctx().actor, 'gadget' as never, 'read')) throw new AppError('FORBIDDEN');
      throw new AppError('NOT_FOUND', { params: { entity: 'gadget' }, details: [{ path: 'id', key: 'gadget.unknown', params: { id: req.params.id } }] });
    });
  },
  jobs: [defineJob({ name: 'gadgets.tidy', schema: z.object({}), handler: async () => {} })],
  permissions: { gadget: { actions: ['read', 'create', 'delete'], defaults: { manager: 'all', sales: ['read'] } } },
  messages: {
    en: { 'entity.gadget': 'Gadget', 'gadget.unknown': 'No gadget {id}' },
    'zh-CN': { 'entity.gadget': '小工具', 'gadget.unknown': '没有编号为 {id} 的小工具' },
  },
});

const GADGET = ['gadget:read', 'gadget:create', 'gadget:delete'];

async function rolePermissions(h: Harness): Promise<Record<string, { permissions: string[]; version: number }>> {
  const rows = await h.database.db.select({ key: roles.key, permissions: roles.permissions, version: roles.version }).from(roles);
  return Object.fromEntries(rows.filter((r) => r.key).map((r) => [r.key, { permissions: r.permissions, version: r.version }]));
}

describe('a module registered in the manifest list', () => {
  let h: Harness;
  let admin: Client;
  beforeAll(async () => {
    h = await createHarness({}, { extraModules: [gadgetsModule] });
    admin = await h.admin();
  });
  afterAll(async () => h.close());

  it('gets its routes, answering with its own messages', async () => {
    const res = await admin.get('/api/v1/gadgets/g1');
    expectError(res, 404, 'NOT_FOUND', ['id']);
    expect(res.body.error.message).toBe('Gadget not found');
    expect(res.body.error.details[0].message).toBe('No gadget g1');
    admin.language = 'zh-CN';
    expect((await admin.get('/api/v1/gadgets/g1')).body.error.message).toBe('小工具不存在');
    admin.language = 'en';
    const doc = (await h.client().get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toContain('/api/v1/gadgets/{id}');
  });

  it('gets its jobs in the job runner’s list, with the platform’s and the other modules’', () => {
    const names = h.deps.modules.jobs.map((j) => j.name);
    expect(names).toContain('gadgets.tidy');
    expect(names).toEqual(expect.arrayContaining(['mail.send', 'leads.sla-check']));
  });

  it('gets its permissions in the catalogue, the role validation and the built-in roles', async () => {
    const catalogue = (await admin.get('/api/v1/roles/catalogue')).body;
    expect(catalogue.resources.at(-2)).toEqual({ resource: 'gadget', actions: ['read', 'create', 'delete'] });
    expect(catalogue.resources.at(-1).resource).toBe('setting'); // the platform's come last

    const roles = await rolePermissions(h);
    expect(roles.admin!.permissions).toEqual(expect.arrayContaining(GADGET));
    expect(roles.manager!.permissions).toEqual(expect.arrayContaining(GADGET));
    expect(roles.sales!.permissions.filter((p) => p.startsWith('gadget:'))).toEqual(['gadget:read']);
    expect(roles.service!.permissions.filter((p) => p.startsWith('gadget:'))).toEqual([]);

    const created = await admin.post('/api/v1/roles', { name: '小工具管理员', permissions: ['gadget:read', 'gadget:create'], dataScope: 'own' });
    expect(created.status).toBe(201);
    expect(created.body.permissions).toEqual(['gadget:create', 'gadget:read']);
    expectError(await admin.post('/api/v1/roles', { name: '飞行员', permissions: ['gadget:read', 'gadget:fly'], dataScope: 'own' }), 400, 'VALIDATION_FAILED', ['permissions.1']);

    const me = (await admin.get('/api/v1/auth/me')).body;
    expect(me.user.permissions).toEqual(expect.arrayContaining(GADGET));
    const sales = await h.createUser({ role: 'sales' });
    expectError(await sales.client.get('/api/v1/gadgets/g1'), 404, 'NOT_FOUND');
    const service = await h.createUser({ role: 'service' });
    expectError(await service.client.get('/api/v1/gadgets/g1'), 403, 'FORBIDDEN');
  });
});

describe('the boot’s catalogue sync', () => {
  let h: Harness;
  let admin: Client;
  beforeAll(async () => {
    // The app runs with the gadgets module (so its admin can edit gadget rights); the database is
    // made to look like one from before the module: no role has gadget rights, none was seen.
    h = await createHarness({}, { extraModules: [gadgetsModule] });
    admin = await h.admin();
    await h.database.db.delete(seenPermissions).where(inArray(seenPermissions.permission, GADGET));
    for (const [key, role] of Object.entries(await rolePermissions(h))) {
      await h.database.db.update(roles).set({ permissions: role.permissions.filter((p) => !p.startsWith('gadget:')) }).where(eq(roles.key, key));
    }
  });
  afterAll(async () => h.close());

  const boot = (extra = [gadgetsModule]) => bootstrap(h.database.db, h.config, h.clock, assembleApp(extra));

  it('leaves an install as it is when no permission is new', async () => {
    const before = await rolePermissions(h);
    await boot([]);
    await boot([]);
    expect(await rolePermissions(h)).toEqual(before);
  });

  it('gives a new resource’s defaults to the built-in roles once, and not again after an admin removed them', async () => {
    const before = await rolePermissions(h);
    expect(before.manager!.permissions.some((p) => p.startsWith('gadget:'))).toBe(false);

    await boot();
    const first = await rolePermissions(h);
    expect(first.admin!.permissions).toEqual([...before.admin!.permissions, ...GADGET].sort());
    expect(first.manager!.permissions).toEqual([...before.manager!.permissions, ...GADGET].sort());
    expect(first.sales!.permissions).toEqual([...before.sales!.permissions, 'gadget:read'].sort());
    expect(first.service).toEqual(before.service); // no defaults for service: untouched
    const seen = await h.database.db.select().from(seenPermissions).where(inArray(seenPermissions.permission, GADGET));
    expect(seen).toHaveLength(3);
    const audit = await h.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'role'));
    expect(audit.filter((a) => a.actorName === 'system').map((a) => a.entityLabel).sort()).toEqual(['系统管理员', '销售', '销售经理'].sort());

    // The admin takes gadget:read away from sales and the manager's delete; the app starts again.
    const patch = async (key: string, permissions: string[]) => {
      const id = h.roleIds[key as 'sales'];
      const role = (await admin.get(`/api/v1/roles/${id}`)).body;
      expect((await admin.patch(`/api/v1/roles/${id}`, { version: role.version, permissions })).status).toBe(200);
    };
    await patch('sales', first.sales!.permissions.filter((p) => p !== 'gadget:read'));
    await patch('manager', first.manager!.permissions.filter((p) => p !== 'gadget:delete'));
    const edited = await rolePermissions(h);

    await boot();
    await boot();
    expect(await rolePermissions(h)).toEqual(edited);
    expect(edited.sales!.permissions).not.toContain('gadget:read');
    expect(edited.manager!.permissions).not.toContain('gadget:delete');
  });

  it('migration 0024 marks every permission of the catalogue before the manifests as seen, so existing installs keep their edits', async () => {
    // An install from before 0024: nothing seen yet, and an admin had taken customer:export from sales.
    await h.database.db.delete(seenPermissions);
    const sales = (await admin.get(`/api/v1/roles/${h.roleIds.sales}`)).body;
    await admin.patch(`/api/v1/roles/${h.roleIds.sales}`, { version: sales.version, permissions: sales.permissions.filter((p: string) => p !== 'customer:export') });
    const text = fs.readFileSync(path.join(MIGRATIONS_DIR, fs.readdirSync(MIGRATIONS_DIR).find((f) => f.startsWith('0024_'))!), 'utf8');
    for (const statement of text.split('--> statement-breakpoint').filter((s) => /INSERT INTO "seen_permissions"/.test(s))) await h.database.pool.query(statement);
    const before = await rolePermissions(h);

    // The app's own modules: every permission they declare was in the catalogue before 0024.
    await boot([]);
    expect(await rolePermissions(h)).toEqual(before);
    expect(before.sales!.permissions).not.toContain('customer:export');
  });
});
