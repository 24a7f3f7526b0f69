import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../contracts/audit.ts';
import type { AuditEvent } from '../platform/audit/audit.ts';
import { installMessages, translate } from '../platform/http/messages.ts';
import { assembleModules, defineModule, type ModuleManifest } from '../platform/modules/manifest.ts';
import { platformModule } from '../platform/platform.module.ts';
import { assembleApp, modules } from './index.ts';
import { builtinRoleDefaults } from './roles/index.ts';

const app = assembleApp();
const everyManifest: ModuleManifest[] = [...modules, platformModule];
const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('the module list', () => {
  it('assembles without two modules claiming the same resource, job, message or kind', () => {
    expect(app.manifests.map((m) => m.name)).toEqual([...modules.map((m) => m.name), 'platform']);
    expect(app.apiRoutes).toHaveLength(modules.length);
    expect(app.rootRoutes).toHaveLength(4); // the calendar feed, the mailings' tracking and unsubscribe links, the public forms, SMS short links and the provider's push
    expect(new Set(app.jobs.map((j) => j.name)).size).toBe(app.jobs.length);
  });

  it.each(everyManifest.map((m) => [m.name, m] as const))('%s: its messages have the same keys in both languages', (_name, m) => {
    expect(Object.keys(m.messages?.['zh-CN'] ?? {}).sort()).toEqual(Object.keys(m.messages?.en ?? {}).sort());
  });

  it('translates every module’s keys once the assembled catalogue is installed', () => {
    installMessages(app.messages);
    expect(translate('en', 'role.inUse', { count: 3 })).toBe('The role is still assigned to 3 users');
    expect(translate('zh-CN', 'department.hasUsers', { count: 2 })).toBe('该部门下还有 2 名用户，请先调整他们的部门');
    expect(translate('en', 'NOT_FOUND', { entity: 'user' })).toBe('User not found');
    expect(translate('zh-CN', 'NOT_FOUND', { entity: 'contract' })).toBe('合同不存在');
    expect(Object.keys(app.messages.en).sort()).toEqual(Object.keys(app.messages['zh-CN']).sort());
  });
});

describe('the permission catalogue', () => {
  it('lists the resources in the role editor’s order, with the actions of each', () => {
    expect(app.permissions).toEqual([
      ...['customer:read', 'customer:create', 'customer:update', 'customer:delete', 'customer:export', 'customer:assign'],
      ...['contact:read', 'contact:create', 'contact:update', 'contact:delete', 'contact:export'],
      ...['lead:read', 'lead:create', 'lead:update', 'lead:delete', 'lead:export', 'lead:assign'],
      ...['follow_up:read', 'follow_up:create', 'follow_up:update', 'follow_up:delete', 'follow_up:export'],
      ...['task:read', 'task:create', 'task:update', 'task:delete', 'task:assign'],
      ...['feedback:read', 'feedback:create', 'feedback:update', 'feedback:delete', 'feedback:export'],
      ...['product:read', 'product:create', 'product:update', 'product:delete', 'product:export'],
      ...['opportunity:read', 'opportunity:create', 'opportunity:update', 'opportunity:delete', 'opportunity:export', 'opportunity:assign'],
      ...['quote:read', 'quote:create', 'quote:update', 'quote:delete'],
      ...['order:read', 'order:create', 'order:update', 'order:delete', 'order:export'],
      ...['contract:read', 'contract:create', 'contract:update', 'contract:delete', 'contract:export'],
      ...['campaign:read', 'campaign:create', 'campaign:update', 'campaign:delete', 'campaign:export'],
      ...['segment:read', 'segment:create', 'segment:update', 'segment:delete', 'segment:export'],
      ...['mailing:read', 'mailing:create', 'mailing:update', 'mailing:delete', 'mailing:send'],
      ...['suppression:read', 'suppression:create', 'suppression:delete'],
      ...['lead_form:read', 'lead_form:create', 'lead_form:update', 'lead_form:delete'],
      ...['user:read', 'user:create', 'user:update', 'user:delete', 'user:export'],
      ...['department:read', 'department:create', 'department:update', 'department:delete'],
      ...['role:read', 'role:create', 'role:update', 'role:delete', 'role:assign'],
      ...['audit:read', 'audit:export'],
      ...['setting:read', 'setting:update'],
    ]);
  });

  it('gives the built-in roles the same defaults as before the manifests (admin: every permission)', () => {
    const roles = Object.fromEntries(builtinRoleDefaults(app.roleDefaults).map((r) => [r.key, r.permissions]));
    expect(roles.admin).toEqual([...app.permissions].sort());
    // The lists of roles.rules.ts and migrations 0007, 0019 and 0021, frozen when the manifests took
    // over, plus what later modules added (campaigns: marketing all, managers read; segments:
    // marketing all, managers all but export).
    expect(roles).toMatchObject({
      manager: ['campaign:read', 'contact:create', 'contact:delete', 'contact:export', 'contact:read', 'contact:update', 'contract:create', 'contract:delete', 'contract:export', 'contract:read', 'contract:update', 'customer:assign', 'customer:create', 'customer:delete', 'customer:export', 'customer:read', 'customer:update', 'department:read', 'feedback:create', 'feedback:delete', 'feedback:export', 'feedback:read', 'feedback:update', 'follow_up:create', 'follow_up:delete', 'follow_up:export', 'follow_up:read', 'follow_up:update', 'lead:assign', 'lead:create', 'lead:delete', 'lead:export', 'lead:read', 'lead:update', 'lead_form:read', 'mailing:read', 'opportunity:assign', 'opportunity:create', 'opportunity:delete', 'opportunity:export', 'opportunity:read', 'opportunity:update', 'order:create', 'order:delete', 'order:export', 'order:read', 'order:update', 'product:create', 'product:delete', 'product:export', 'product:read', 'product:update', 'quote:create', 'quote:delete', 'quote:read', 'quote:update', 'role:read', 'segment:create', 'segment:delete', 'segment:read', 'segment:update', 'setting:read', 'suppression:read', 'task:assign', 'task:create', 'task:delete', 'task:read', 'task:update', 'user:read'],
      sales: ['contact:create', 'contact:delete', 'contact:read', 'contact:update', 'contract:create', 'contract:read', 'contract:update', 'customer:create', 'customer:export', 'customer:read', 'customer:update', 'department:read', 'feedback:create', 'feedback:read', 'feedback:update', 'follow_up:create', 'follow_up:delete', 'follow_up:read', 'follow_up:update', 'lead:create', 'lead:read', 'lead:update', 'opportunity:create', 'opportunity:read', 'opportunity:update', 'order:create', 'order:read', 'order:update', 'product:read', 'quote:create', 'quote:delete', 'quote:read', 'quote:update', 'setting:read', 'task:create', 'task:delete', 'task:read', 'task:update'],
      service: ['contact:read', 'contact:update', 'contract:read', 'customer:read', 'department:read', 'feedback:create', 'feedback:delete', 'feedback:export', 'feedback:read', 'feedback:update', 'follow_up:create', 'follow_up:read', 'follow_up:update', 'order:read', 'product:read', 'setting:read', 'task:create', 'task:delete', 'task:read', 'task:update'],
      marketing: ['campaign:create', 'campaign:delete', 'campaign:export', 'campaign:read', 'campaign:update', 'contact:read', 'customer:export', 'customer:read', 'department:read', 'feedback:read', 'follow_up:create', 'follow_up:read', 'lead:assign', 'lead:create', 'lead:delete', 'lead:export', 'lead:read', 'lead:update', 'lead_form:create', 'lead_form:delete', 'lead_form:read', 'lead_form:update', 'mailing:create', 'mailing:delete', 'mailing:read', 'mailing:send', 'mailing:update', 'opportunity:read', 'product:read', 'segment:create', 'segment:delete', 'segment:export', 'segment:read', 'segment:update', 'setting:read', 'suppression:create', 'suppression:delete', 'suppression:read', 'task:create', 'task:delete', 'task:read', 'task:update'],
    });
  });

  it('has a label in the role editor for every resource, in both languages', () => {
    for (const locale of ['en', 'zh-CN']) {
      const labels = readLocale(locale).access.resources as Record<string, string>;
      for (const { resource } of app.resources) expect(labels[resource], `${locale}: access.resources.${resource}`).toBeTruthy();
    }
  });
});

describe('defineModule', () => {
  const base = { name: 'widgets' };
  it.each([
    ['an unknown action', { ...base, permissions: { widget: { actions: ['read', 'fly'] } } }, /unknown action "fly"/],
    ['a default outside the actions', { ...base, permissions: { widget: { actions: ['read'], defaults: { sales: ['update'] } } } }, /default "update" for sales/],
    ['defaults for admin', { ...base, permissions: { widget: { actions: ['read'], defaults: { admin: ['read'] } } } }, /not a built-in role other than admin/],
    ['a resource name with capitals', { ...base, permissions: { Widget: { actions: ['read'] } } }, /lower-case/],
    ['a message in one language only', { ...base, messages: { en: { 'widget.a': 'A', 'widget.b': 'B' }, 'zh-CN': { 'widget.a': '甲' } } }, /without a zh-CN text: \[widget\.b\]/],
    ['a kind without its area', { ...base, timelineKinds: ['created'] }, /"created" is not <area>\.<what>/],
    ['a kind twice', { ...base, notificationKinds: ['widget.broke', 'widget.broke'] }, /lists a kind twice/],
    ['a bad name', { name: 'Widgets' }, /the name must be/],
    ['an audit type with a dot', { ...base, auditTypes: { 'widget.part': 'entity.widget' } }, /auditTypes: "widget\.part"/],
    ['an audit type without a name', { ...base, auditTypes: { widget: '' } }, /auditTypes: "widget" has no message key/],
  ])('refuses %s', (_what, manifest, message) => {
    expect(() => defineModule(manifest as ModuleManifest)).toThrow(message);
  });
});

describe('assembleModules', () => {
  const widgets = defineModule({ name: 'widgets', permissions: { widget: { actions: ['read'] } }, messages: { en: { 'widget.a': 'A' }, 'zh-CN': { 'widget.a': '甲' } }, timelineKinds: ['widget.made'] });
  it.each([
    ['a module name', { name: 'widgets' }, /module widgets is declared by both "widgets" and "widgets"/],
    ['a resource', { name: 'gadgets', permissions: { widget: { actions: ['read'] } } }, /resource widget is declared by both "widgets" and "gadgets"/],
    ['a message key', { name: 'gadgets', messages: { en: { 'widget.a': 'A' }, 'zh-CN': { 'widget.a': '甲' } } }, /message widget\.a/],
    ['a timeline kind', { name: 'gadgets', timelineKinds: ['widget.made'] }, /timeline kind widget\.made/],
    ['an audit type', { name: 'gadgets', auditTypes: { widget: 'widget.a' } }, /audit type widget is declared by both/],
  ])('refuses two modules declaring the same %s', (_what, other, message) => {
    const first = { ...widgets, auditTypes: { widget: 'widget.a' } };
    expect(() => assembleModules([first, defineModule(other as ModuleManifest)])).toThrow(message);
  });

  it('refuses an audit type whose name is not a message in both languages', () => {
    const gadgets = defineModule({ name: 'gadgets', messages: { en: { 'entity.gadget': 'Gadget' }, 'zh-CN': { 'entity.gadget': '小工具' } }, auditTypes: { gadget: 'entity.gadget', gizmo: 'entity.gizmo' } });
    expect(() => assembleModules([gadgets])).toThrow(/audit type gizmo: its name "entity\.gizmo" is not a message in en and zh-CN/);
    // Another module's message names it just as well.
    expect(assembleModules([widgets, defineModule({ name: 'gadgets', auditTypes: { gadget: 'widget.a' } })]).auditTypes.get('gadget')).toBe('widget.a');
  });
});

describe('audit log types and actions', () => {
  it('every record type written to the audit log in the code is declared by a manifest', () => {
    // Literal types at the call sites (and the constants they use); AuditEvent.entityType is
    // AuditEntityType, so an undeclared type does not compile either.
    const written = new Map<string, string>();
    for (const file of sourceFiles(path.join(ROOT, 'src/server'))) {
      const text = fs.readFileSync(file, 'utf8');
      if (!/writeAudit(Many)?\(/.test(text)) continue;
      for (const [, type] of text.matchAll(/\bentityType: '([A-Za-z_]+)'/g)) written.set(type!, path.relative(ROOT, file));
      for (const [, type] of text.matchAll(/const AUDIT_ENTITY = '([A-Za-z_]+)'/g)) written.set(type!, path.relative(ROOT, file));
    }
    // The types of issue 15's report among them: they showed raw in the Chinese UI.
    expect([...written.keys()]).toEqual(expect.arrayContaining(['opportunity', 'product', 'quote', 'order', 'import', 'contract', 'calendarFeed']));
    for (const [type, file] of written) expect(app.auditTypes.has(type), `${type} (${file})`).toBe(true);
  });

  it('does not compile an audit entry of an undeclared type', () => {
    // @ts-expect-error -- 'gizmo' is in no manifest's auditTypes
    const event: AuditEvent = { action: 'create', entityType: 'gizmo', entityId: null };
    expect(event.entityType).toBe('gizmo');
  });

  it('names every audited type in both languages, as the audit log shows it', () => {
    installMessages(app.messages);
    expect(app.auditTypes.size).toBeGreaterThan(20);
    for (const [type, key] of app.auditTypes) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const label = translate(locale, key);
        expect(label, `${locale}: ${type}`).not.toBe(key);
        expect(label.trim(), `${locale}: ${type}`).not.toBe('');
      }
      // zh-CN names are Chinese (not the English word or the raw type).
      expect(translate('zh-CN', key), type).toMatch(/\p{Script=Han}/u);
    }
    const zh = Object.fromEntries([...app.auditTypes].map(([type, key]) => [type, translate('zh-CN', key)]));
    expect(zh).toMatchObject({ opportunity: '商机', quote: '报价单', order: '订单', product: '产品', contract: '合同', import: '导入任务' });
  });

  it('has a label for every audit action in both web languages', () => {
    for (const locale of ['en', 'zh-CN']) {
      const labels = readLocale(locale).audit.actions as Record<string, string>;
      for (const action of AUDIT_ACTIONS) expect(labels[action], `${locale}: audit.actions.${action}`).toBeTruthy();
    }
  });
});

describe('timeline and notification kinds', () => {
  const declared = new Set([...app.timelineKinds, ...app.notificationKinds]);

  it('every kind published in the code is declared by a manifest', () => {
    // Literal kinds at the call sites; kinds chosen through a map or a parameter are typed
    // TimelineKind / NotificationKind, so an undeclared one does not compile.
    const published = new Map<string, string>();
    for (const file of sourceFiles(path.join(ROOT, 'src/server'))) {
      const text = fs.readFileSync(file, 'utf8');
      if (!/publishTimeline\(|notify\(|Timeline\(tx/.test(text)) continue;
      for (const line of text.split('\n')) {
        if (!/\bkind:/.test(line)) continue;
        for (const [, kind] of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) published.set(kind!, path.relative(ROOT, file));
      }
    }
    expect(published.size).toBeGreaterThan(20);
    for (const [kind, file] of published) expect(declared.has(kind), `${kind} (${file})`).toBe(true);
  });

  it('every declared timeline kind has a sentence in both web languages', () => {
    for (const locale of ['en', 'zh-CN']) {
      const kinds = readLocale(locale).timeline.kinds as Record<string, Record<string, string>>;
      for (const kind of app.timelineKinds) {
        const [area, what] = kind.split('.') as [string, string];
        // A kind may read differently by its params (lead.converted → converted_new / converted_existing).
        const texts = Object.keys(kinds[area] ?? {}).filter((k) => k === what || k.startsWith(`${what}_`));
        expect(texts.length, `${locale}: timeline.kinds.${kind}`).toBeGreaterThan(0);
      }
    }
  });

  it('every declared notification kind has a text in both web languages', () => {
    for (const locale of ['en', 'zh-CN']) {
      const kinds = readLocale(locale).notifications.kinds as Record<string, Record<string, string>>;
      for (const kind of app.notificationKinds) {
        const [area, what] = kind.split('.') as [string, string];
        expect(kinds[area]?.[what], `${locale}: notifications.kinds.${kind}`).toBeTruthy();
      }
    }
  });
});

function readLocale(locale: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'src/web/locales', `${locale}.json`), 'utf8'));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}
