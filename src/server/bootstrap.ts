import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import { appSettings, industries, roles, users } from './db/schema/index.ts';
import { generatePassword, hashPassword } from './platform/access/passwords.ts';
import { randomSecret } from './platform/access/secrets.ts';
import { writeAudit } from './platform/audit/audit.ts';
import type { Clock } from './platform/clock.ts';
import type { AssembledModules } from './platform/modules/manifest.ts';
import { DEFAULT_INDUSTRIES, refreshNameKeys } from './modules/customers/index.ts';
import { syncBuiltinRoles } from './modules/roles/index.ts';

/** APP_SECRET, or one generated at first start and shared by every process through the database. */
export async function ensureAppSecret(db: Db, config: Config): Promise<string> {
  if (config.appSecret) return config.appSecret;
  await db.insert(appSettings).values({ key: 'app_secret', value: randomSecret(48) }).onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, 'app_secret'));
  if (!row) throw new Error('app secret missing after insert');
  return row.value;
}

/**
 * On the very first start (no users at all) creates the `admin` account. Its password comes
 * from ADMIN_PASSWORD or is generated; either way the admin must change it at first login.
 * Returns the generated password so the caller can print it once.
 */
export async function ensureAdmin(db: Db, config: Config, clock: Clock): Promise<{ created: boolean; generatedPassword: string | null }> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return { created: false, generatedPassword: null };
  const [adminRole] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, 'admin'));
  if (!adminRole) throw new Error('admin role missing');
  const password = config.adminPassword ?? generatePassword(16);
  const passwordHash = await hashPassword(password, config.passwordHashCost);
  const now = clock.now();
  return db.transaction(async (tx) => {
    // Two processes starting at once: the advisory lock makes exactly one create the admin.
    await tx.execute(sql`select pg_advisory_xact_lock(${0x6b656876})`);
    const [again] = await tx.select({ n: count() }).from(users).where(and(isNull(users.deletedAt)));
    if ((again?.n ?? 0) > 0) return { created: false, generatedPassword: null };
    const [row] = await tx
      .insert(users)
      .values({ username: 'admin', displayName: '系统管理员', passwordHash, roleId: adminRole.id, mustChangePassword: true, createdAt: now, updatedAt: now })
      .returning({ id: users.id });
    await writeAudit(tx, { actorId: null, actorName: 'system', ip: null, now }, {
      action: 'create',
      entityType: 'user',
      entityId: row?.id ?? null,
      entityLabel: 'admin',
      after: { username: 'admin', displayName: '系统管理员', role: 'admin' },
    });
    return { created: true, generatedPassword: config.adminPassword ? null : password };
  });
}

/** Seeds the default industry list once; admins edit it afterwards (codes never change). */
export async function ensureIndustries(db: Db): Promise<void> {
  await db
    .insert(industries)
    .values(DEFAULT_INDUSTRIES.map((i) => ({ code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, section: i.section, sortOrder: i.sortOrder })))
    .onConflictDoNothing();
}

/**
 * Everything a database needs before the first request, in order: the app secret, the built-in
 * roles and the permissions new to this install (the catalogue sync), the seed lists, stored name keys brought up to the current fold (once per
 * NAME_KEY_VERSION) and, on the very first start, the admin account. Safe to run at every start
 * and from several processes at once.
 */
export async function bootstrap(db: Db, config: Config, clock: Clock, modules: AssembledModules) {
  const appSecret = await ensureAppSecret(db, config);
  await syncBuiltinRoles(db, modules, clock.now());
  await ensureIndustries(db);
  await refreshNameKeys(db, clock.now());
  const admin = await ensureAdmin(db, config, clock);
  return { appSecret, admin };
}
