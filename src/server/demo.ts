import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BuiltinRoleKey } from '../contracts/access.ts';
import { departments, roles, users } from './db/schema/index.ts';
import { hashPassword } from './platform/access/passwords.ts';
import { writeAudit } from './platform/audit/audit.ts';
import type { Deps } from './platform/deps.ts';

export const DEMO_PASSWORD = 'Kehu2026demo';

const DEPARTMENTS: { name: string; parent?: string; sortOrder: number }[] = [
  { name: '总经办', sortOrder: 0 },
  { name: '销售部', sortOrder: 1 },
  { name: '华北大区', parent: '销售部', sortOrder: 0 },
  { name: '华东大区', parent: '销售部', sortOrder: 1 },
  { name: '华南大区', parent: '销售部', sortOrder: 2 },
  { name: '市场部', sortOrder: 2 },
  { name: '客服部', sortOrder: 3 },
];

const USERS: { username: string; displayName: string; role: BuiltinRoleKey; department: string; phone: string }[] = [
  { username: 'zhangwei', displayName: '张伟', role: 'manager', department: '销售部', phone: '+8613811112222' },
  { username: 'lina', displayName: '李娜', role: 'manager', department: '华东大区', phone: '+8613911113333' },
  { username: 'wangfang', displayName: '王芳', role: 'sales', department: '华东大区', phone: '+8613611114444' },
  { username: 'liuyang', displayName: '刘洋', role: 'sales', department: '华北大区', phone: '+8613711115555' },
  { username: 'chenjing', displayName: '陈静', role: 'sales', department: '华南大区', phone: '+8615011116666' },
  { username: 'zhaolei', displayName: '赵磊', role: 'marketing', department: '市场部', phone: '+8615811117777' },
  { username: 'sunli', displayName: '孙丽', role: 'service', department: '客服部', phone: '+8618611118888' },
  { username: 'zhoumin', displayName: '周敏', role: 'manager', department: '客服部', phone: '+8618811119999' },
];

/**
 * Loads a small Chinese organisation to click around in: departments in two levels and users in
 * every built-in role, all with the password DEMO_PASSWORD. Running it again adds nothing twice.
 */
export async function loadDemoData(deps: Deps): Promise<{ summary: string }> {
  const now = deps.clock.now();
  const source = { actorId: null, actorName: 'demo', ip: null, now };
  const passwordHash = await hashPassword(DEMO_PASSWORD, deps.config.passwordHashCost);
  return deps.db.transaction(async (tx) => {
    const deptIds = new Map<string, string>();
    for (const d of DEPARTMENTS) {
      const parentId = d.parent ? (deptIds.get(d.parent) ?? null) : null;
      const [existing] = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.name, d.name), isNull(departments.deletedAt)))
        .limit(1);
      if (existing) {
        deptIds.set(d.name, existing.id);
        continue;
      }
      const [row] = await tx.insert(departments).values({ name: d.name, parentId, sortOrder: d.sortOrder, createdAt: now, updatedAt: now }).returning({ id: departments.id });
      if (!row) throw new Error('department insert returned nothing');
      deptIds.set(d.name, row.id);
      await writeAudit(tx, source, { action: 'create', entityType: 'department', entityId: row.id, entityLabel: d.name, after: { name: d.name, parentId } });
    }
    const roleIds = new Map((await tx.select({ id: roles.id, key: roles.key }).from(roles)).map((r) => [r.key, r.id]));
    let created = 0;
    for (const u of USERS) {
      const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${u.username}`).limit(1);
      if (existing) continue;
      const roleId = roleIds.get(u.role);
      if (!roleId) throw new Error(`built-in role ${u.role} missing`);
      const departmentId = deptIds.get(u.department) ?? null;
      const [row] = await tx
        .insert(users)
        .values({
          username: u.username,
          displayName: u.displayName,
          email: `${u.username}@demo.kehu.local`,
          phone: u.phone,
          passwordHash,
          roleId,
          departmentId,
          mustChangePassword: false,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id });
      created++;
      await writeAudit(tx, source, {
        action: 'create',
        entityType: 'user',
        entityId: row?.id ?? null,
        entityLabel: u.username,
        after: { username: u.username, displayName: u.displayName, role: u.role, department: u.department, phone: u.phone },
        sensitive: ['phone'],
      });
    }
    for (const d of ['销售部', '华东大区', '客服部']) {
      const manager = USERS.find((u) => u.department === d && u.role === 'manager');
      const deptId = deptIds.get(d);
      if (!manager || !deptId) continue;
      const [m] = await tx.select({ id: users.id }).from(users).where(eq(users.username, manager.username)).limit(1);
      if (m) await tx.update(departments).set({ managerId: m.id }).where(and(eq(departments.id, deptId), isNull(departments.managerId)));
    }
    const lines = USERS.map((u) => `    ${u.username.padEnd(10)} ${u.displayName}  ${u.role.padEnd(9)} ${u.department}`).join('\n');
    return {
      summary: `\n  Demo data loaded (${created} new users). Every demo user's password is ${DEMO_PASSWORD}\n${lines}\n\n`,
    };
  });
}
