import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { purgeSessionsJob } from './auth.jobs.ts';
import { recordAttempt } from './auth.queries.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '8' });
});
afterAll(async () => h.close());

describe('login and sessions', () => {
  it('answers 401 with the error shape when no session is sent', async () => {
    const res = await h.client().get('/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Please log in' } });
  });

  it('speaks Chinese when asked', async () => {
    const c = h.client();
    c.language = 'zh-CN,zh;q=0.9';
    const res = await c.login('admin', 'wrong-password-1');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('用户名或密码错误');
  });

  it('logs in by username or email, case-insensitively, and sets an httpOnly SameSite cookie', async () => {
    const u = await h.createUser({ role: 'sales', username: 'Mixed.Case' });
    const c = h.client();
    const res = await c.login('mixed.case@EXAMPLE.com', USER_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(u.id);
    expect(res.body.mustChangePassword).toBe(false);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/kehu_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await c.get('/api/v1/auth/me');
    expect(me.body.user.username).toBe('Mixed.Case');
    expect(me.body.csrfToken).toBe(res.body.csrfToken);
  });

  it('lists every bad field of an invalid body', async () => {
    const res = await h.client().post('/api/v1/auth/login', { username: '', password: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['password', 'username']);
  });

  it('logout ends the session', async () => {
    const { client } = await h.createUser({ role: 'sales' });
    expect((await client.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('ends a session after the idle timeout and after the absolute limit', async () => {
    const { client } = await h.createUser({ role: 'sales' });
    h.clock.advance(29 * 60_000);
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    h.clock.advance(29 * 60_000); // active within the idle window again
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    h.clock.advance(31 * 60_000);
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);

    const other = await h.createUser({ role: 'sales' });
    for (let i = 0; i < 16; i++) {
      h.clock.advance(29 * 60_000);
      expect((await other.client.get('/api/v1/auth/me')).status).toBe(200);
    }
    h.clock.advance(29 * 60_000); // 8 h 13 min after login: past the absolute limit
    expect((await other.client.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('lockout', () => {
  it('locks after 5 failures in 15 minutes, also for the right password, and unlocks after the window', async () => {
    const u = await h.createUser({ role: 'sales' });
    const c = h.client();
    for (let i = 0; i < 4; i++) expect((await c.login(u.username, 'Wrong1234')).status).toBe(401);
    const fifth = await c.login(u.username, 'Wrong1234');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    const right = await c.login(u.username, USER_PASSWORD);
    expect(right.status).toBe(423);
    expect(right.headers['retry-after']).toBeDefined();
    h.clock.advance(15 * 60_000 + 1000);
    expect((await c.login(u.username, USER_PASSWORD)).status).toBe(200);
  });

  it('does not lock for failures spread over more than 15 minutes', async () => {
    const u = await h.createUser({ role: 'sales' });
    const c = h.client();
    for (let i = 0; i < 6; i++) {
      expect((await c.login(u.username, 'Wrong1234')).status).toBe(401);
      h.clock.advance(4 * 60_000);
    }
  });

  it('a successful login resets the count, and an admin can unlock', async () => {
    const u = await h.createUser({ role: 'sales' });
    const c = h.client();
    for (let i = 0; i < 4; i++) await c.login(u.username, 'Wrong1234');
    expect((await c.login(u.username, USER_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await c.login(u.username, 'Wrong1234')).status).toBe(401);
    expect((await c.login(u.username, 'Wrong1234')).status).toBe(423);

    const admin = await h.admin();
    const listed = await admin.get(`/api/v1/users/${u.id}`);
    expect(listed.body.locked).toBe(true);
    expect((await admin.post(`/api/v1/users/${u.id}/unlock`)).status).toBe(200);
    expect((await c.login(u.username, USER_PASSWORD)).status).toBe(200);
  });

  it('throttles guessing against names that do not exist', async () => {
    const c = h.client();
    for (let i = 0; i < 4; i++) expect((await c.login('nobody-here', 'Wrong1234')).status).toBe(401);
    expect((await c.login('nobody-here', 'Wrong1234')).status).toBe(423);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy is in front', async () => {
    const u = await h.createUser({ role: 'sales' });
    await h.client().request('POST', '/api/v1/auth/login', { username: u.username, password: USER_PASSWORD }, { 'x-forwarded-for': '198.51.100.9' });
    const admin = await h.admin();
    const res = await admin.get(`/api/v1/audit-log?entityId=${u.id}&action=login`);
    expect(res.body.items.map((e: { ip: string }) => e.ip)).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('records login events in the audit log', async () => {
    const u = await h.createUser({ role: 'sales' });
    await h.client().login(u.username, 'Wrong1234');
    await h.client().login(u.username, USER_PASSWORD);
    const admin = await h.admin();
    const res = await admin.get(`/api/v1/audit-log?entityId=${u.id}`);
    const actions = res.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['login', 'login_failed', 'login']); // newest first; the first login is the factory's
    expect(res.body.items[0].ip).toBe('127.0.0.1');
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated writes without the token or with a wrong one', async () => {
    const admin = await h.admin();
    const missing = await admin.request('POST', '/api/v1/departments', { name: '无令牌部' }, { 'x-csrf-token': '' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('CSRF_FAILED');
    const wrong = await admin.post('/api/v1/departments', { name: '错令牌部' }, { 'x-csrf-token': 'not-the-token' });
    expect(wrong.status).toBe(403);
    const right = await admin.post('/api/v1/departments', { name: '有令牌部' });
    expect(right.status).toBe(201);
  });

  it('a live session of a user disabled or deleted behind its back lets nothing through; a manager sees their department subtree', async () => {
    const top = await h.createDepartment('会话大区');
    const team = await h.createDepartment('会话一组', top);
    const mgr = await h.createUser({ role: 'manager', departmentId: top });
    const teamUser = await h.createUser({ role: 'sales', departmentId: team });
    const made = await teamUser.client.post('/api/v1/customers', { name: '杭州会话测试科技有限公司' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const seen = await mgr.client.get('/api/v1/customers');
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect((seen.body.items as { id: string }[]).map((c) => c.id)).toContain(made.body.id);
    await h.deps.db.execute(sql`update users set status = 'disabled' where id = ${mgr.id}`);
    const disabled = await mgr.client.get('/api/v1/users');
    expect(disabled.status).toBe(403);
    expect(disabled.body.error.code).toBe('ACCOUNT_DISABLED');
    await h.deps.db.execute(sql`update users set status = 'active', deleted_at = now() where id = ${mgr.id}`);
    const deleted = await mgr.client.get('/api/v1/users');
    expect(deleted.status).toBe(401);
    expect(deleted.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('does not need the token for reads', async () => {
    const admin = await h.admin();
    admin.csrf = null;
    expect((await admin.get('/api/v1/departments')).status).toBe(200);
  });
});

describe('forced password change', () => {
  it('blocks everything but the password change until it is done, then ends other sessions', async () => {
    const admin = await h.admin();
    const created = await admin.post('/api/v1/users', {
      username: 'newbie',
      displayName: '新同事',
      password: 'Initial2026',
      roleId: h.roleIds.sales,
    });
    expect(created.status).toBe(201);
    const c = h.client();
    const login = await c.login('newbie', 'Initial2026');
    expect(login.body.mustChangePassword).toBe(true);
    expect((await c.get('/api/v1/departments')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);

    const weak = await c.post('/api/v1/auth/password', { currentPassword: 'Initial2026', newPassword: 'newbie123' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.map((d: { path: string }) => d.path)).toContain('newPassword');
    const same = await c.post('/api/v1/auth/password', { currentPassword: 'Initial2026', newPassword: 'Initial2026' });
    expect(same.status).toBe(400);
    const wrongCurrent = await c.post('/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'Better2026x' });
    expect(wrongCurrent.body.error.details[0].path).toBe('currentPassword');

    const other = h.client();
    await other.login('newbie', 'Initial2026');
    expect((await c.post('/api/v1/auth/password', { currentPassword: 'Initial2026', newPassword: 'Better2026x' })).status).toBe(200);
    expect((await c.get('/api/v1/departments')).status).toBe(200);
    expect((await other.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('applies again after an admin reset, with a generated password shown once', async () => {
    const u = await h.createUser({ role: 'sales' });
    const admin = await h.admin();
    const reset = await admin.post(`/api/v1/users/${u.id}/reset-password`, {});
    expect(reset.status).toBe(200);
    const temp = reset.body.temporaryPassword as string;
    expect(temp.length).toBeGreaterThanOrEqual(12);
    expect((await u.client.get('/api/v1/auth/me')).status).toBe(401); // the reset ended their sessions
    const c = h.client();
    expect((await c.login(u.username, USER_PASSWORD)).status).toBe(401);
    const login = await c.login(u.username, temp);
    expect(login.body.mustChangePassword).toBe(true);
  });
});

describe('personal API tokens', () => {
  it('are shown once, work as Bearer without CSRF, and stop working when revoked', async () => {
    const admin = await h.admin();
    const created = await admin.post('/api/v1/auth/tokens', { name: '数据同步脚本', scope: 'read_write' });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret.startsWith('kehu_pat_')).toBe(true);
    const listed = await admin.get('/api/v1/auth/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const script = h.client();
    script.bearer = secret;
    expect((await script.get('/api/v1/users')).status).toBe(200);
    expect((await script.post('/api/v1/departments', { name: '脚本建的部门' })).status).toBe(201);

    expect((await admin.delete(`/api/v1/auth/tokens/${created.body.token.id}`)).status).toBe(200);
    expect((await script.get('/api/v1/users')).status).toBe(401);

    const bogus = h.client();
    bogus.bearer = 'kehu_pat_made-up';
    expect((await bogus.get('/api/v1/users')).status).toBe(401);
  });

  it('expire after their validity', async () => {
    const { client } = await h.createUser({ role: 'sales' });
    const created = await client.post('/api/v1/auth/tokens', { name: 'short', expiresInDays: 1 });
    const script = h.client();
    script.bearer = created.body.secret;
    expect((await script.get('/api/v1/auth/me')).status).toBe(200);
    h.clock.advance(86_400_000 + 1000);
    expect((await script.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('API token scopes and lifetimes', () => {
  async function tokenOf(client: Client, body: Record<string, unknown>) {
    const res = await client.post('/api/v1/auth/tokens', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const script = h.client();
    script.bearer = res.body.secret;
    return { script, token: res.body.token };
  }

  it('a new token is read-only unless asked otherwise: GET works, every write is 403 and changes nothing', async () => {
    const admin = await h.admin();
    const { script, token } = await tokenOf(admin, { name: '报表只读' });
    expect(token.scope).toBe('read');
    expect((await script.get('/api/v1/departments')).status).toBe(200);
    for (const [method, url] of [
      ['POST', '/api/v1/departments'],
      ['PATCH', '/api/v1/auth/me'],
      ['DELETE', `/api/v1/auth/tokens/${token.id}`],
    ] as const) {
      const res = await script.request(method, url, method === 'DELETE' ? undefined : { name: '只读令牌建的部门', displayName: 'x' });
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.error.message).toBe('This API token is read-only (GET and HEAD requests only)');
    }
    const names = (await admin.get('/api/v1/departments')).body.items.map((d: { name: string }) => d.name);
    expect(names).not.toContain('只读令牌建的部门');
    expect((await admin.get('/api/v1/auth/tokens')).body.items.find((t: { id: string }) => t.id === token.id).revokedAt).toBeNull();
  });

  it('a token cannot create tokens or calendar feeds or change the password, even read-write', async () => {
    const u = await h.createUser({ role: 'sales' });
    const { script } = await tokenOf(u.client, { name: 'ERP', scope: 'read_write' });
    const refusals = [
      await script.post('/api/v1/auth/tokens', { name: 'second', scope: 'read_write' }),
      await script.post('/api/v1/me/calendar-feed', {}),
      await script.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Changed2026abc' }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('This needs an interactive login; an API token cannot do it');
    }
    expect((await u.client.get('/api/v1/auth/tokens')).body.items).toHaveLength(1);
    expect((await u.client.get('/api/v1/me/calendar-feed')).body).toMatchObject({ active: false });
    expect((await h.client().login(u.username, USER_PASSWORD)).status).toBe(200);
  });

  it('new tokens expire after 90 days by default; only an administrator may give longer or none', async () => {
    const u = await h.createUser({ role: 'manager' });
    const { script, token } = await tokenOf(u.client, { name: 'default life' });
    expect(Math.abs(new Date(token.expiresAt).getTime() - h.clock.now().getTime() - 90 * 86_400_000)).toBeLessThan(1000);
    for (const expiresInDays of [91, 365, null]) {
      const res = await u.client.post('/api/v1/auth/tokens', { name: 'too long', expiresInDays });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'expiresInDays', message: 'Only an administrator may create a token valid for more than 90 days or without an end' }]);
    }
    expect((await u.client.get('/api/v1/auth/tokens')).body.items).toHaveLength(1);

    const admin = await h.admin();
    const forever = await tokenOf(admin, { name: 'ERP 集成', scope: 'read_write', expiresInDays: null });
    expect(forever.token.expiresAt).toBeNull();
    const year = await tokenOf(admin, { name: 'yearly', expiresInDays: 365 });
    h.clock.advance(91 * 86_400_000);
    expect((await script.get('/api/v1/auth/me')).status).toBe(401);
    expect((await forever.script.get('/api/v1/auth/me')).status).toBe(200);
    expect((await year.script.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('changing one’s password revokes one’s tokens; so does an admin reset', async () => {
    const u = await h.createUser({ role: 'sales' });
    const first = await tokenOf(u.client, { name: 'before change' });
    expect((await u.client.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Changed2026abc' })).status).toBe(200);
    expect((await first.script.get('/api/v1/auth/me')).status).toBe(401);
    expect((await u.client.get('/api/v1/auth/me')).status).toBe(200); // this session stays

    const second = await tokenOf(u.client, { name: 'after change' });
    const admin = await h.admin();
    expect((await admin.post(`/api/v1/users/${u.id}/reset-password`, { newPassword: 'Reset2026abcd' })).status).toBe(200);
    expect((await second.script.get('/api/v1/auth/me')).status).toBe(401);
    const rows = (await h.database.pool.query<{ revoked_at: Date | null }>('select revoked_at from api_tokens where user_id = $1', [u.id])).rows;
    expect(rows.map((r) => r.revoked_at instanceof Date)).toEqual([true, true]);
  });

  it('re-enabling a disabled user does not bring their old tokens back', async () => {
    const u = await h.createUser({ role: 'sales' });
    const { script } = await tokenOf(u.client, { name: 'nightly' });
    const admin = await h.admin();
    const version = (await admin.get(`/api/v1/users/${u.id}`)).body.version;
    expect((await admin.patch(`/api/v1/users/${u.id}`, { version, status: 'disabled' })).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${u.id}`, { version: version + 1, status: 'active' })).status).toBe(200);
    expect((await script.get('/api/v1/auth/me')).status).toBe(401);
    expect((await h.client().login(u.username, USER_PASSWORD)).status).toBe(200);
  });
});

describe('wrong current passwords', () => {
  it('count like failed logins: the fifth locks the account, for the session too', async () => {
    const u = await h.createUser({ role: 'sales' });
    for (let i = 0; i < 4; i++) {
      const res = await u.client.post('/api/v1/auth/password', { currentPassword: `Guess${i}2026x`, newPassword: 'Changed2026abc' });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('currentPassword');
    }
    const fifth = await u.client.post('/api/v1/auth/password', { currentPassword: 'Guess52026x', newPassword: 'Changed2026abc' });
    expect(fifth.status).toBe(423);
    // Even the right current password is refused while locked, and login is locked too.
    expect((await u.client.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Changed2026abc' })).status).toBe(423);
    expect((await h.client().login(u.username, USER_PASSWORD)).status).toBe(423);
    const admin = await h.admin();
    const audit = await admin.get(`/api/v1/audit-log?entityId=${u.id}&action=password_change_failed`);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    expect(audit.body.items).toHaveLength(5);
    h.clock.advance(15 * 60_000 + 1000);
    expect((await u.client.post('/api/v1/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'Changed2026abc' })).status).toBe(200);
  });
});

describe('admin account', () => {
  it('exists from the first start with ADMIN_PASSWORD', async () => {
    const res = await h.client().login('admin', ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user.role.key).toBe('admin');
  });
});

describe('auth.purge-sessions', () => {
  it('forgets login attempts older than 30 days and keeps the newer ones', async () => {
    const now = h.clock.now().getTime();
    const day = 86_400_000;
    await recordAttempt(h.deps.db, 'purge-test:old', 'failed', new Date(now - 31 * day), '192.0.2.1');
    await recordAttempt(h.deps.db, 'purge-test:recent', 'failed', new Date(now - 29 * day), '192.0.2.1');
    await purgeSessionsJob.handler(h.deps, {}, { jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
    const left = await h.deps.db.execute<{ lock_key: string }>(sql`select lock_key from login_attempts where lock_key like 'purge-test:%'`);
    expect(left.rows.map((r) => r.lock_key)).toEqual(['purge-test:recent']);
  });
});
