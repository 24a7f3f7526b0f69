import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createHarness, type Harness } from '../../../../test/helpers/harness.ts';
import { loadConfig, PRODUCTION_PASSWORD_HASH_COST } from '../../config.ts';
import { users } from '../../db/schema/index.ts';
import { hashPassword } from './passwords.ts';

/**
 * Every other test hashes passwords at a low cost (test/helpers/password-cost.ts). This one runs
 * the app as production configures it — no PASSWORD_HASH_COST in the environment — and checks
 * that every stored hash then has production's cost, while a hash made at another cost (as the
 * tests' own, or an older default) still lets its user in.
 */

const PRODUCTION_PREFIX = 'scrypt$32768$8$1$';

let h: Harness;
beforeAll(async () => {
  // An empty value counts as unset: the harness's low test cost is taken away again.
  h = await createHarness({ PASSWORD_HASH_COST: '' });
});
afterAll(async () => h?.close());

const storedHash = async (username: string) =>
  (await h.database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.username, username)))[0]?.hash;

describe('password hashing as production runs it', () => {
  it('is scrypt with N = 2^15 when the environment does not say otherwise', () => {
    expect(PRODUCTION_PASSWORD_HASH_COST).toBe(15);
    expect(loadConfig({}).passwordHashCost).toBe(15);
    expect(h.config.passwordHashCost).toBe(15);
  });

  it('stores the first admin, a new user and a changed password at that cost', async () => {
    expect(await storedHash('admin')).toMatch(PRODUCTION_PREFIX);

    const admin = await h.admin();
    const created = await admin.post('/api/v1/users', { username: 'hashed.at.prod', displayName: '新同事', password: 'Welcome2026x', roleId: h.roleIds.sales });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await storedHash('hashed.at.prod')).toMatch(PRODUCTION_PREFIX);

    const changed = await admin.post('/api/v1/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Changed2026pw' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(await storedHash('admin')).toMatch(PRODUCTION_PREFIX);
  });

  it('still lets in a user whose hash was made at a lower cost', async () => {
    const { id, username } = await h.createUser({ role: 'sales' });
    const low = await hashPassword('LowCost2026pw', 10);
    expect(low).toMatch(/^scrypt\$1024\$8\$1\$/);
    await h.database.db.update(users).set({ passwordHash: low }).where(eq(users.id, id));
    expect((await h.client().login(username, 'LowCost2026pw')).status).toBe(200);
    expect((await h.client().login(username, 'LowCost2026px')).status).toBe(401);
  });
});
