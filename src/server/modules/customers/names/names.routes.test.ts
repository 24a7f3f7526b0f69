import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, leads } from '../../../db/schema/index.ts';
import { readSetting, writeSetting } from '../../../platform/settings/settings.ts';
import { createHarness, type Client, type Harness } from '../../../../../test/helpers/harness.ts';
import { NAME_KEY_VERSION_SETTING, refreshNameKeys } from './backfill.ts';
import { NAME_KEY_VERSION } from './fold.ts';

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
});
afterAll(async () => h.close());

const SIMPLIFIED = '上海华信精密机械有限公司';
const TRADITIONAL = '上海華信精密機械有限公司';

describe('the duplicate check folds Traditional characters and look-alike letters', () => {
  it('finds a company written in Simplified characters from its Traditional name, and refuses the second record', async () => {
    const created = await admin.post('/api/v1/customers', { name: SIMPLIFIED });
    expect(created.status).toBe(201);
    const check = await admin.post('/api/v1/customers/duplicate-check', { name: TRADITIONAL });
    expect(check.status).toBe(200);
    expect(check.body.items[0]).toMatchObject({ id: created.body.id, strong: true, reasons: ['name'] });
    const second = await admin.post('/api/v1/customers', { name: TRADITIONAL });
    expect(second.status).toBe(409);
  });

  it('finds a Latin name spelt with Cyrillic look-alikes', async () => {
    const created = await admin.post('/api/v1/customers', { name: 'Apex Machinery Co., Ltd.' });
    expect(created.status).toBe(201);
    const check = await admin.post('/api/v1/customers/duplicate-check', { name: '\u0410p\u0435x M\u0430chin\u0435ry Co., Ltd.' });
    expect(check.body.items[0]).toMatchObject({ id: created.body.id, strong: true });
  });
});

describe('keys stored before the fold', () => {
  it('are recomputed once at start, customers and leads alike, without touching version or updated_at', async () => {
    const customer = (await admin.post('/api/v1/customers', { name: '深圳華強電子有限公司' })).body;
    const leadRes = await admin.post('/api/v1/leads', { channel: 'website', contactName: '陳先生', companyName: '深圳華強電子有限公司' });
    expect(leadRes.status, JSON.stringify(leadRes.body)).toBe(201);
    const lead = leadRes.body.lead;
    // As an older Kehu stored them: Traditional characters kept in the key.
    await h.database.db.update(customers).set({ nameKey: '華強電子' }).where(eq(customers.id, customer.id));
    await h.database.db.update(leads).set({ companyKey: '華強電子' }).where(eq(leads.id, lead.id));
    await writeSetting(h.database.db, NAME_KEY_VERSION_SETTING, '1', new Date());
    const [before] = await h.database.db.select({ version: customers.version, updatedAt: customers.updatedAt }).from(customers).where(eq(customers.id, customer.id));
    expect((await admin.post('/api/v1/customers/duplicate-check', { name: '深圳华强电子有限公司' })).body.items).toEqual([]);

    const changed = await refreshNameKeys(h.database.db, h.clock.now());
    expect(changed).toEqual({ customers: 1, leads: 1 });
    expect(await readSetting(h.database.db, NAME_KEY_VERSION_SETTING)).toBe(String(NAME_KEY_VERSION));
    const [after] = await h.database.db.select({ key: customers.nameKey, version: customers.version, updatedAt: customers.updatedAt }).from(customers).where(eq(customers.id, customer.id));
    expect(after).toEqual({ key: '华强电子', ...before });
    const [leadRow] = await h.database.db.select({ key: leads.companyKey }).from(leads).where(eq(leads.id, lead.id));
    expect(leadRow?.key).toBe('华强电子');
    const check = await admin.post('/api/v1/customers/duplicate-check', { name: '深圳华强电子有限公司' });
    expect(check.body.items[0]).toMatchObject({ id: customer.id, strong: true });

    // Once done, a later start does nothing.
    expect(await refreshNameKeys(h.database.db, h.clock.now())).toBeNull();
    const [{ n } = { n: 0 }] = await h.database.db.select({ n: sql<number>`count(*)::int` }).from(customers).where(eq(customers.nameKey, '華強電子'));
    expect(n).toBe(0);
  });
});
