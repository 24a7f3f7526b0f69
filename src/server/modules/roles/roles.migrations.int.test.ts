import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, MIGRATIONS_DIR, type Database } from '../../db/client.ts';
import { createTestDatabase } from '../../../../test/helpers/harness.ts';
import { assembleApp } from '../index.ts';
import { builtinRoleDefaults } from './roles.rules.ts';

const BUILTIN_ROLES = builtinRoleDefaults(assembleApp().roleDefaults);

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  database = connect(t.url, { max: 2 });
});
afterAll(async () => {
  await database.close();
  await drop();
});

async function runMigrationFile(name: string) {
  const text = await fs.readFile(path.join(MIGRATIONS_DIR, name), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) await database.pool.query(statement);
}

describe('migration 0007: customer permissions for installs made before issue 4', () => {
  it('adds the new rights to the built-in roles and keeps what admins changed', async () => {
    // The built-in roles as an install from before issue 4 has them, one of them edited by its admin.
    const old: Record<string, string[]> = {
      admin: ['audit:read', 'user:read'],
      manager: ['department:read', 'user:read'],
      sales: ['department:read', 'user:read'], // an admin gave sales user:read
      service: [],
      marketing: ['department:read'],
    };
    for (const [key, perms] of Object.entries(old)) {
      await database.pool.query(`insert into roles (id, key, name, permissions, data_scope) values (gen_random_uuid(), $1, $1, $2::jsonb, 'own')`, [key, JSON.stringify(perms)]);
    }
    await runMigrationFile('0007_customer_permissions.sql');
    const rows = await database.pool.query<{ key: string; permissions: string[] }>('select key, permissions from roles');
    for (const role of BUILTIN_ROLES) {
      const now = rows.rows.find((r) => r.key === role.key)?.permissions ?? [];
      const added = role.permissions.filter((p) => /^(customer|contact|lead|setting):/.test(p));
      expect(now, role.key).toEqual([...new Set([...(old[role.key] ?? []), ...added])].sort());
    }
    expect(rows.rows.find((r) => r.key === 'sales')?.permissions).toContain('user:read');
  });
});
