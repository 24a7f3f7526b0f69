import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../helpers/harness.ts';
import { importsOver } from '../helpers/imports.ts';

/**
 * The search box finds customers by their contacts' phone digits through the digits each
 * customer carries of them (customers.contact_phone_digits, migration 0043), which triggers on
 * contacts keep: every way of writing a contact must leave them right, or the search goes wrong.
 */
let h: Harness;
let admin: Client;
let imports: ReturnType<typeof importsOver>;

beforeAll(async () => {
  h = await createHarness();
  imports = importsOver(h);
  admin = await h.admin();
});
afterAll(async () => h.close());

async function createCustomer(name: string, duplicateOf?: string): Promise<string> {
  const res = await admin.post('/api/v1/customers', duplicateOf ? { name, force: true, forceReason: `疑似${duplicateOf}` } : { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function addContact(customerId: string, name: string, phones: string[]) {
  const res = await admin.post(`/api/v1/customers/${customerId}/contacts`, { name, phones });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

async function digitsOf(customerId: string): Promise<string> {
  const res = await h.database.pool.query<{ d: string }>('select contact_phone_digits as d from customers where id = $1', [customerId]);
  return res.rows[0]?.d ?? '(no customer)';
}

/** What the search box finds for `q`, by customer name. */
async function found(q: string): Promise<string[]> {
  const res = await admin.get(`/api/v1/customers?q=${encodeURIComponent(q)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { name: string }[]).map((c) => c.name).sort();
}

describe('customers’ contact phone digits', () => {
  it('follow the contacts API: added, changed, deleted', async () => {
    const id = await createCustomer('宁波北仑港务物流有限公司');
    expect(await digitsOf(id)).toBe('');
    const first = await addContact(id, '周经理', ['13805741234']);
    const second = await addContact(id, '吴主任', ['0574-86881234', '13967890000']);
    expect(await digitsOf(id)).toBe('8613805741234 8657486881234 057486881234 8613967890000');
    expect(await found('05741234')).toEqual(['宁波北仑港务物流有限公司']);
    expect(await found('8688 1234')).toEqual(['宁波北仑港务物流有限公司']);

    // A contact's phones changed: the old digits no longer find the customer, the new ones do.
    const changed = await admin.patch(`/api/v1/contacts/${first.id}`, { phones: ['18657410000'], version: first.version });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(await found('05741234')).toEqual([]);
    expect(await found('57410000')).toEqual(['宁波北仑港务物流有限公司']);
    // A change that leaves the phones alone leaves the digits too.
    const renamed = await admin.patch(`/api/v1/contacts/${second.id}`, { title: '物流主任', version: second.version });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await digitsOf(id)).toBe('8618657410000 8657486881234 057486881234 8613967890000');

    // A deleted contact's digits go with it.
    expect((await admin.delete(`/api/v1/contacts/${second.id}`)).status).toBe(200);
    expect(await digitsOf(id)).toBe('8618657410000');
    expect(await found('67890000')).toEqual([]);
  });

  it('move with the contacts when two customers are merged', async () => {
    const survivor = await createCustomer('厦门海沧船舶配件有限公司');
    const merged = await createCustomer('厦门海沧船舶配件股份有限公司', '厦门海沧船舶配件有限公司');
    await addContact(survivor, '林工', ['13959201111']);
    await addContact(merged, '陈工', ['13959202222']);
    const res = await admin.post('/api/v1/customers/merge', { survivorId: survivor, mergedId: merged, take: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await digitsOf(survivor)).toBe('8613959201111 8613959202222');
    expect(await digitsOf(merged)).toBe('');
    expect(await found('59202222')).toEqual(['厦门海沧船舶配件有限公司']);
  });

  it('are written with the customers an import creates, and kept when an import adds contacts', async () => {
    const importFile = async (entity: string, csv: string) => {
      imports.clear();
      const done = await imports.importFile(admin, entity, csv);
      expect(done.status, JSON.stringify(done)).toBe('succeeded');
    };
    await importFile('customer', ['客户名称,联系人,手机', '温州瓯海眼镜制造有限公司,郑厂长,13857731234', '温州鹿城鞋业有限公司,,'].join('\n'));
    const ids = await h.database.pool.query<{ id: string; name: string; d: string }>(
      `select id, name, contact_phone_digits as d from customers where name like '温州%' order by name`,
    );
    expect(ids.rows.map((r) => [r.name, r.d])).toEqual([
      ['温州瓯海眼镜制造有限公司', '8613857731234'],
      ['温州鹿城鞋业有限公司', ''],
    ]);
    await importFile('contact', ['所属客户,姓名,手机', '温州鹿城鞋业有限公司,黄经理,13967745678', '温州瓯海眼镜制造有限公司,郑副厂长,13857739999'].join('\n'));
    expect(await found('77456')).toEqual(['温州鹿城鞋业有限公司']);
    expect(await found('57739999')).toEqual(['温州瓯海眼镜制造有限公司']);
    expect(await found('57731234')).toEqual(['温州瓯海眼镜制造有限公司']);
  });

  it('lose no contact written at the same time by two transactions', async () => {
    const id = await createCustomer('绍兴柯桥纺织印染有限公司');
    const kept = await addContact(id, '钱经理', ['13857520000']);
    const insert = (client: { query: (q: string, p: unknown[]) => Promise<unknown> }, name: string, digits: string) =>
      client.query(`insert into contacts (id, customer_id, name, phones, phone_digits) values (uuidv7(), $1, $2, $3, $4)`, [id, name, [`+86${digits}`], `86${digits}`]);
    const [a, b] = await Promise.all([h.database.pool.connect(), h.database.pool.connect()]);
    const pid = async (client: typeof a) => (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    const [pidA, pidB] = [await pid(a), await pid(b)];
    // Until the server process waits for a lock (polled: no fixed sleep).
    const blocked = async (p: number | undefined) => {
      for (let i = 0; i < 500; i++) {
        const res = await h.database.pool.query(`select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'`, [p]);
        if (res.rowCount) return;
      }
      throw new Error(`process ${p} never waited for a lock`);
    };
    try {
      // Two new contacts: the second transaction's append waits for the first's and then reads its row.
      await a.query('begin');
      await b.query('begin');
      await insert(a, '孙会计', '13857521111');
      const waiting = insert(b, '李出纳', '13857522222').then(() => b.query('commit'));
      await blocked(pidB);
      await a.query('commit');
      await waiting;
      expect((await digitsOf(id)).split(' ')).toEqual(expect.arrayContaining(['8613857520000', '8613857521111', '8613857522222']));

      // A contact's phone changed while another is added: the digits are computed again after
      // the lock, so the one added (committed first) is among them, and the old phone is not.
      await a.query('begin');
      await b.query('begin');
      await insert(b, '赵司机', '13857523333');
      const changing = a.query(`update contacts set phones = $2, phone_digits = $3 where id = $1`, [kept.id, ['+8613857524444'], '8613857524444']).then(() => a.query('commit'));
      await blocked(pidA);
      await b.query('commit');
      await changing;
      const digits = (await digitsOf(id)).split(' ');
      expect(digits).toEqual(expect.arrayContaining(['8613857521111', '8613857522222', '8613857523333', '8613857524444']));
      expect(digits).not.toContain('8613857520000');
    } finally {
      a.release();
      b.release();
    }
  });
});
