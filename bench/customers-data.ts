/**
 * Realistic zh-CN customer master data for bench/customers.ts, generated set-based in SQL
 * (INSERT … SELECT from generate_series over arrays of name parts) so a million customers take
 * minutes, not hours. JS only prepares the parts and their derived values (pinyin, name keys):
 * pinyin-pro costs ~100 µs a call, far too slow for 3.3 million names one by one, so each part's
 * pinyin is computed once and SQL concatenates them. That is only right where the readings of
 * the parts do not change in context, so `checkParts` tests the combinations against the real
 * functions before anything is written, and `verifySample` tests generated rows afterwards.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { computeLeadGrade } from '../src/contracts/leads.ts';
import { CRITERION_ANSWERS, LEAD_CHANNELS } from '../src/contracts/vocabulary.ts';
import { normaliseCompanyName, normalisePhone, phoneDigitsForSearch } from '../src/server/modules/customers/customers.rules.ts';
import { children, isValidDistrictPath, pathOf, provinces, regionOf, shortPlaceName } from '../src/server/modules/customers/regions/regions.ts';
import { pinyinKeys } from '../src/server/platform/search/pinyin.ts';

// 字号 (brand) characters: two of them make a brand (华信, 恒达, 鑫源). No polyphones whose
// toneless reading changes with the neighbour (行, 长, 重, 乐, 合), nor 市/省/县/区.
const BRAND_CHARS = [...'华信恒达鑫源瑞丰泰宏远航新创嘉隆德昌宇博天成金海东方联通汇众永利祥福鼎晟佳美凯润诚明辉星辰益康盈峰林森立弘毅锦茂泽浩君卓越腾飞睿智聚安正阳光荣耀启春云龙凤祺'];

/** 行业 words of company names, each with the industry code a customer of that name gets. */
const BUSINESS: readonly (readonly [string, string])[] = [
  ['精密机械', 'MANU'], ['机械制造', 'MANU'], ['电子', 'MANU'], ['电气', 'MANU'], ['汽车配件', 'MANU'], ['新材料', 'MANU'],
  ['化工', 'MANU'], ['纺织', 'MANU'], ['服饰', 'MANU'], ['家具', 'MANU'], ['食品', 'MANU'], ['医疗器械', 'MANU'],
  ['智能装备', 'MANU'], ['塑胶制品', 'MANU'], ['五金制品', 'MANU'], ['光电', 'MANU'], ['包装材料', 'MANU'], ['制药', 'MANU'],
  ['信息技术', 'IT'], ['网络科技', 'IT'], ['软件', 'IT'], ['数据科技', 'IT'], ['智能科技', 'IT'], ['通信技术', 'IT'], ['云计算', 'IT'],
  ['贸易', 'WHOL'], ['进出口', 'WHOL'], ['供应链管理', 'WHOL'], ['商贸', 'WHOL'],
  ['百货', 'RETL'], ['连锁超市', 'RETL'], ['便利店', 'RETL'], ['电器销售', 'RETL'],
  ['建设工程', 'CONS'], ['建筑装饰', 'CONS'], ['路桥工程', 'CONS'], ['幕墙工程', 'CONS'],
  ['物流', 'LOGI'], ['国际货运代理', 'LOGI'], ['快运', 'LOGI'], ['仓储服务', 'LOGI'],
  ['餐饮管理', 'HOSP'], ['酒店管理', 'HOSP'],
  ['投资管理', 'FIN'], ['融资租赁', 'FIN'], ['保险代理', 'FIN'],
  ['房地产开发', 'RE'], ['物业管理', 'RE'],
  ['企业管理咨询', 'BIZ'], ['人力资源', 'BIZ'], ['广告', 'BIZ'], ['会展服务', 'BIZ'],
  ['检测技术', 'SCI'], ['生物科技', 'SCI'], ['技术研究', 'SCI'],
  ['新能源', 'ENER'], ['电力工程', 'ENER'], ['燃气', 'ENER'],
  ['教育科技', 'EDU'], ['培训', 'EDU'],
  ['医疗管理', 'HLTH'], ['健康管理', 'HLTH'],
  ['文化传媒', 'CULT'], ['影视', 'CULT'], ['体育文化', 'CULT'],
  ['农业科技', 'AGRI'], ['生态农业', 'AGRI'], ['水产', 'AGRI'],
  ['环境工程', 'ENV'], ['水务', 'ENV'],
];

/** 组织形式, repeated by how common they are. */
const LEGAL_FORMS = ['有限公司', '有限公司', '有限公司', '有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司', '集团有限公司', '有限责任公司'];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'].concat(['欧阳', '司马', '上官', '诸葛']);
const GIVEN = [
  '伟', '芳', '娜', '秀英', '敏', '静', '丽', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英',
  '华', '飞', '鑫', '波', '斌', '宇', '浩', '凯', '婷', '雪', '琳', '晶', '颖', '慧', '佳', '倩', '欣', '悦', '建华', '建国', '志强', '志明',
  '海燕', '晓东', '晓明', '丽华', '秀珍', '玉兰', '红梅', '春梅', '子涵', '梓轩', '浩然', '一诺', '欣怡', '雨桐', '思远', '俊杰', '文博',
  '佳琪', '嘉怡', '梦琪', '天宇', '博文', '晨曦', '雅婷', '宏伟', '国庆', '德明', '玉珍', '淑芬', '文静', '海涛', '立新', '少华', '永刚',
];
const TITLES = ['总经理', '副总经理', '采购经理', '采购专员', '技术总监', '财务经理', '销售总监', '行政主管', 'IT经理', '项目经理', '董事长', '运营总监'];
const CONTACT_DEPARTMENTS = ['总经办', '采购部', '技术部', '财务部', '行政部', '信息部', '运营部', '市场部'];
const ROADS = ['人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '长江路', '科技园路', '工业大道', '滨江大道', '高新大道', '创业路'];
const MAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'aliyun.com'];
/** Mobile prefixes in service (13x, 15x, 17x, 18x, 19x), as E.164 after +86. */
const MOBILE_PREFIXES = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '191', '198', '199'];
export const TAG_NAMES = ['重点客户', 'VIP', '老客户', '待激活', '高潜力', '政府项目', '展会获客', '海外业务', '渠道伙伴', '价格敏感', '决策链复杂', '已签框架协议', '需要演示', '竞品用户', '转介绍', '大客户', '小微企业', '上市公司', '国企', '外企', '民企', '高校', '医院', '连锁'];
const NEEDS = ['希望提升生产排程效率，预算待定', '需要统一管理全国经销商订单', '关注数据安全与私有化部署', '计划明年上半年替换现有系统', '想先试用再决定', '对价格敏感，要求分期付款'];

export interface Parts {
  cities: { py: string[]; ini: string[]; name: string[]; province: string[]; city: (string | null)[]; district: (string | null)[]; region: string[]; path: string[] };
  brands: { name: string[]; py: string[]; ini: string[] };
  business: { name: string[]; py: string[]; ini: string[]; industry: string[] };
  legal: { name: string[]; py: string[]; ini: string[] };
  surnames: { name: string[]; py: string[]; ini: string[] };
  given: { name: string[]; py: string[]; ini: string[] };
}

function keysOf(list: readonly string[], person = false) {
  const keys = list.map((s) => pinyinKeys(s, { person }));
  return { name: [...list], py: keys.map((k) => k.full), ini: keys.map((k) => k.initials) };
}

/** Every complete province › city › district path, with the place a company name starts with. */
function divisionPaths() {
  const out: { province: string; city: string | null; district: string | null; place: string; path: string }[] = [];
  for (const p of provinces()) {
    const cities = children(p.code);
    if (cities.length === 0) out.push({ province: p.code, city: null, district: null, place: shortPlaceName(p.name), path: p.name });
    for (const c of cities) {
      const districts = children(c.code);
      // Placeholder cities (市辖区 of a municipality, 省直辖县级行政区划) name no place: the province does.
      const place = pathOf(c.code)?.text === p.name ? shortPlaceName(p.name) : shortPlaceName(c.name);
      for (const d of districts.length ? districts : [null]) {
        if (!isValidDistrictPath(p.code, c.code, d?.code ?? null)) continue;
        out.push({ province: p.code, city: c.code, district: d?.code ?? null, place, path: pathOf(d?.code ?? c.code)?.text ?? p.name });
      }
    }
  }
  return out;
}

/**
 * The name parts, keeping only those whose concatenation gives the same name key and pinyin as
 * the real functions on the whole name: a brand that is itself a city (金华, 嘉兴) would vanish
 * from the key, a place whose pinyin changes in context would not be found by the search.
 */
export function buildParts(): Parts {
  const paths = divisionPaths();
  const placeList = [...new Set(paths.map((p) => p.place))];
  const placeKeys = new Map(placeList.map((p) => [p, pinyinKeys(p)]));
  const goodPlace = new Set(placeList.filter((p) => {
    const n = normaliseCompanyName(`${p}华信精密机械有限公司`);
    const b = normaliseCompanyName(`华信精密机械(${p})有限公司`);
    return n.key === '华信精密机械' && n.places.length === 1 && b.key === '华信精密机械';
  }));
  const kept = paths.filter((p) => goodPlace.has(p.place));

  const business = BUSINESS.map(([w]) => w);
  const brands: string[] = [];
  for (const a of BRAND_CHARS) {
    for (const b of BRAND_CHARS) {
      if (a === b) continue;
      const brand = a + b;
      // The key must keep the brand with every business word (3+ character places span both).
      if (business.every((w) => normaliseCompanyName(`北京${brand}${w}有限公司`).key === brand + w)) brands.push(brand);
    }
  }
  const bizKeys = keysOf(business);
  return {
    cities: {
      name: kept.map((p) => p.place),
      py: kept.map((p) => placeKeys.get(p.place)?.full ?? ''),
      ini: kept.map((p) => placeKeys.get(p.place)?.initials ?? ''),
      province: kept.map((p) => p.province),
      city: kept.map((p) => p.city),
      district: kept.map((p) => p.district),
      region: kept.map((p) => regionOf(p.province) ?? ''),
      path: kept.map((p) => p.path),
    },
    brands: keysOf(brands),
    business: { ...bizKeys, industry: BUSINESS.map(([, code]) => code) },
    legal: keysOf(LEGAL_FORMS),
    surnames: keysOf(SURNAMES, true),
    given: keysOf(GIVEN),
  };
}

function pick<T>(list: readonly T[], rnd: () => number): { i: number; v: T } {
  const i = Math.floor(rnd() * list.length);
  return { i, v: list[i] as T };
}

/** A small deterministic generator, so a failing combination can be reproduced. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Checks random combinations of the parts against the real functions (pinyinKeys,
 * normaliseCompanyName) before generating: the SQL below concatenates the parts' values, which
 * is only right if a part reads the same beside any neighbour. Throws with the differences.
 */
export function checkParts(parts: Parts, samples = 3000): void {
  const rnd = mulberry32(42);
  const bad: string[] = [];
  for (let n = 0; n < samples; n++) {
    const c = pick(parts.cities.name, rnd);
    const b = pick(parts.brands.name, rnd);
    const w = pick(parts.business.name, rnd);
    const l = pick(parts.legal.name, rnd);
    const bracketed = n % 5 === 0;
    const name = bracketed ? `${b.v}${w.v}(${c.v})${l.v}` : `${c.v}${b.v}${w.v}${l.v}`;
    const order = bracketed ? [b.i, w.i, c.i, l.i] : [c.i, b.i, w.i, l.i];
    const lists = bracketed ? [parts.brands, parts.business, parts.cities, parts.legal] : [parts.cities, parts.brands, parts.business, parts.legal];
    const py = lists.map((list, k) => list.py[order[k] ?? 0]).join('');
    const ini = lists.map((list, k) => list.ini[order[k] ?? 0]).join('');
    const real = pinyinKeys(name);
    if (real.full !== py || real.initials !== ini) bad.push(`${name}: pinyin ${real.full}/${real.initials}, parts give ${py}/${ini}`);
    if (normaliseCompanyName(name).key !== b.v + w.v) bad.push(`${name}: key ${normaliseCompanyName(name).key}, expected ${b.v + w.v}`);
  }
  for (let s = 0; s < parts.surnames.name.length; s++) {
    for (let g = 0; g < parts.given.name.length; g++) {
      const name = `${parts.surnames.name[s]}${parts.given.name[g]}`;
      const real = pinyinKeys(name, { person: true });
      const py = `${parts.surnames.py[s]}${parts.given.py[g]}`;
      const ini = `${parts.surnames.ini[s]}${parts.given.ini[g]}`;
      if (real.full !== py || real.initials !== ini) bad.push(`${name}: pinyin ${real.full}/${real.initials}, parts give ${py}/${ini}`);
      if (normaliseCompanyName(name).key !== name) bad.push(`${name}: key ${normaliseCompanyName(name).key}`);
    }
  }
  if (bad.length) throw new Error(`Name parts do not compose (${bad.length}):\n  ${bad.slice(0, 30).join('\n  ')}`);
}

export interface BenchOrg {
  adminId: string;
  /** [user id, department id] of the 200 owners. */
  owners: [string, string][];
  salesUsername: string;
  managerUsername: string;
}

/**
 * PASSWORD_HASH_COST of the data benchmarks: their users only log in, and what is timed is the
 * requests after, so hashing at production cost would only slow the setup. The foundation
 * benchmark keeps production's cost, since it times the login itself.
 */
export const BENCH_PASSWORD_HASH_COST = '10';

/**
 * 200 users: 5 regional divisions (大区) of 3 teams each below one sales centre; every division
 * and team has a manager (department scope), the rest are salespeople (own scope).
 */
/**
 * uuidv7() and uuidv7(shift) as PostgreSQL 18 has them, defined where they are missing (an
 * external PostgreSQL 15, as issue 16 measures on): a millisecond timestamp in the first 48 bits
 * of a random UUID, version bits set to 7.
 */
export async function ensureUuidv7(db: pg.ClientBase): Promise<void> {
  if ((await db.query<{ ok: boolean }>(`select to_regprocedure('uuidv7(interval)') is not null as ok`)).rows[0]?.ok) return;
  await db.query(`create function uuidv7(shift interval default interval '0') returns uuid language sql volatile as $$
    select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
      substring(int8send(floor(extract(epoch from clock_timestamp() + shift) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
  $$`);
}

export async function createOrg(db: pg.ClientBase, passwordHash: string): Promise<BenchOrg> {
  const divisions = ['华北大区', '华东大区', '华南大区', '华中大区', '西部大区'];
  const role = async (key: string) => (await db.query<{ id: string }>('select id from roles where key = $1', [key])).rows[0]?.id;
  const [managerRole, salesRole] = [await role('manager'), await role('sales')];
  if (!managerRole || !salesRole) throw new Error('built-in roles missing');
  const rnd = mulberry32(7);
  const person = () => `${pick(SURNAMES, rnd).v}${pick(GIVEN, rnd).v}`;
  const owners: [string, string][] = [];
  let n = 0;
  async function user(username: string, roleId: string, departmentId: string): Promise<string> {
    n++;
    const { rows } = await db.query<{ id: string }>(
      `insert into users (id, username, display_name, email, phone, password_hash, role_id, department_id)
       values (uuidv7(), $1, $2, $1 || '@bench.kehu.local', '+86139' || lpad($3::text, 8, '0'), $4, $5, $6) returning id`,
      [username, person(), n, passwordHash, roleId, departmentId],
    );
    const id = rows[0]?.id as string;
    owners.push([id, departmentId]);
    return id;
  }
  const root = (await db.query<{ id: string }>(`insert into departments (id, name) values (uuidv7(), '销售中心') returning id`)).rows[0]?.id;
  for (const [r, name] of divisions.entries()) {
    const div = (await db.query<{ id: string }>('insert into departments (id, name, parent_id, sort_order) values (uuidv7(), $1, $2, $3) returning id', [name, root, r])).rows[0]?.id as string;
    const divManager = await user(`r${r + 1}-mgr`, managerRole, div);
    await db.query('update departments set manager_id = $1 where id = $2', [divManager, div]);
    for (let t = 1; t <= 3; t++) {
      const team = (await db.query<{ id: string }>('insert into departments (id, name, parent_id, sort_order) values (uuidv7(), $1, $2, $3) returning id', [`${name.slice(0, 2)}${'一二三'[t - 1]}部`, div, t])).rows[0]?.id as string;
      const teamManager = await user(`r${r + 1}t${t}-mgr`, managerRole, team);
      await db.query('update departments set manager_id = $1 where id = $2', [teamManager, team]);
      for (let s = 1; s <= 12; s++) await user(`r${r + 1}t${t}s${String(s).padStart(2, '0')}`, salesRole, team);
    }
  }
  const admin = (await db.query<{ id: string }>(`select id from users where username = 'admin'`)).rows[0]?.id as string;
  await db.query(`insert into tags (id, name, color) select uuidv7(), t, (array['blue','green','red','orange','purple','cyan','gold','magenta'])[1 + (n % 8)]
                  from unnest($1::text[]) with ordinality as x(t, n) on conflict do nothing`, [TAG_NAMES]);
  return { adminId: admin, owners, salesUsername: 'r2t1s03', managerUsername: 'r2-mgr' };
}

/** The organisation `createOrg` made earlier in this database. */
export async function loadOrg(db: pg.ClientBase): Promise<BenchOrg> {
  const { rows } = await db.query<{ id: string; department_id: string }>(`select id, department_id from users where username ~ '^r[0-9]' order by created_at, username`);
  const admin = (await db.query<{ id: string }>(`select id from users where username = 'admin'`)).rows[0]?.id as string;
  return { adminId: admin, owners: rows.map((r) => [r.id, r.department_id]), salesUsername: 'r2t1s03', managerUsername: 'r2-mgr' };
}

const LEAD_GRADE_TABLE = (() => {
  // needMatch × budget × authority, each 1..3 in CRITERION_ANSWERS order, flattened.
  const out: string[] = [];
  for (const needMatch of CRITERION_ANSWERS) for (const budget of CRITERION_ANSWERS) for (const authority of CRITERION_ANSWERS) out.push(computeLeadGrade({ needMatch, budget, authority }));
  return out;
})();

/** Secondary indexes of the tables we fill: dropped for the load, rebuilt after (much faster than maintaining GIN indexes row by row). */
const LOADED_TABLES = ['customers', 'contacts', 'leads', 'customer_tags', 'customer_collaborators'];

async function dropIndexes(db: pg.ClientBase): Promise<string[]> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [LOADED_TABLES],
  );
  for (const r of rows) await db.query(`drop index "${r.name}"`);
  return rows.map((r) => r.def);
}

export interface GenerateResult {
  seconds: number;
  customers: number;
  contacts: number;
  leads: number;
}

/**
 * Adds customers number `from`..`to` (1-based), their contacts (1–3, two on average), tags,
 * a few collaborators, and 0.3 leads per customer, then rebuilds the indexes and analyses.
 * Called once for the small size and again to grow to the large one.
 */
export async function generate(db: pg.ClientBase, parts: Parts, org: BenchOrg, from: number, to: number, timeZone: string): Promise<GenerateResult> {
  const t0 = performance.now();
  const step = (what: string) => process.stderr.write(`  ${what} ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  await db.query(`set maintenance_work_mem = '512MB'`);
  await db.query(`set work_mem = '256MB'`);
  // Bulk load: foreign keys hold by construction; their per-row triggers would double the time.
  await db.query('set session_replication_role = replica');
  await db.query('set synchronous_commit = off');
  await db.query(`select setseed(${(from % 1000) / 1000})`);
  // Numbers pad the sequence to three digits at least, never cut it (renderNumber's {seq:3}).
  await db.query(`create or replace function pg_temp.seq3(n int) returns text language sql immutable as $$ select lpad(n::text, greatest(3, length(n::text)), '0') $$`);
  // The mobiles of contact number n: one, or two for every fourth. n → 8 digits is a bijection
  // below 10^8 (48271 is prime to 10^8): every mobile is unique.
  await db.query(
    `create or replace function pg_temp.mobiles(n int, prefixes text[]) returns text[] language sql immutable as $$
       select case when n % 4 = 0 then array[p1, p2] else array[p1] end from (select
         '+86' || prefixes[1 + n % cardinality(prefixes)] || lpad(((n * 48271::bigint) % 100000000)::text, 8, '0') as p1,
         '+86' || prefixes[1 + (n + 17) % cardinality(prefixes)] || lpad((((n + 50000000) * 48271::bigint) % 100000000)::text, 8, '0') as p2) p $$`,
  );
  // Their search digits (phoneDigitsForSearch of a Chinese mobile: the E.164 digits).
  await db.query(`create or replace function pg_temp.mobile_digits(n int, prefixes text[]) returns text language sql immutable as $$ select replace(array_to_string(pg_temp.mobiles(n, prefixes), ' '), '+', '') $$`);
  const indexes = await dropIndexes(db);
  const params = {
    ownerIds: org.owners.map(([u]) => u),
    ownerDepts: org.owners.map(([, d]) => d),
  };

  // One row per customer with every random choice, so contacts and leads can refer to them.
  await db.query('drop table if exists gen_customer');
  await db.query(
    `create temp table gen_customer as
     select i, id, created_at,
            -- up to now - 1 day, so no generated time lies in the future of the run
            case when r_follow < 0.1 then null else greatest(created_at, now() - interval '1 day' - r_follow * interval '730 days') end as last_follow_up_at,
            ci, bi, wi, li, si, gi, owner_i, bracketed, individual, tags_n, tag0, stage_r, grade_r, chan_r, size_r, rev_r
     from (
       select i, random() as r_age, random() as r_follow,
              1 + floor(random() * $2)::int as ci, 1 + floor(random() * $3)::int as bi, 1 + floor(random() * $4)::int as wi,
              1 + floor(random() * $5)::int as li, 1 + floor(random() * $6)::int as si, 1 + floor(random() * $7)::int as gi,
              case when random() < 0.05 then null else 1 + floor(random() * $8)::int end as owner_i,
              random() < 0.15 as bracketed, random() < 0.1 as individual,
              floor(power(random(), 1.5) * 4)::int as tags_n, floor(random() * $9)::int as tag0,
              random() as stage_r, random() as grade_r, random() as chan_r, random() as size_r, random() as rev_r
       from generate_series($1::int, $10::int) i
     ) r
     cross join lateral (select now() - interval '1 day' - r_age * interval '1095 days' as created_at) t
     cross join lateral (select uuidv7(created_at - clock_timestamp()) as id) u`,
    [from, parts.cities.name.length, parts.brands.name.length, parts.business.name.length, parts.legal.name.length, parts.surnames.name.length, parts.given.name.length, org.owners.length, TAG_NAMES.length, to],
  );
  step('choices');

  await db.query(
    `insert into customers (id, created_at, updated_at, created_by, number, kind, name, name_key, name_pinyin, name_initials,
       industry_code, employee_size, annual_revenue, province_code, city_code, district_code, address, region, source_channel,
       first_contact_date, stage, grade, needs, owner_id, department_id, last_follow_up_at, pool_entered_at, owned_since, contact_phone_digits)
     select g.id, g.created_at, coalesce(g.last_follow_up_at, g.created_at), owner,
            extract(year from g.created_at at time zone $1)::text || '-' || coalesce(ind, 'GEN') || '-' ||
              pg_temp.seq3((coalesce(s.last_value, 0) + row_number() over (partition by extract(year from g.created_at at time zone $1), coalesce(ind, 'GEN') order by g.created_at, g.id))::int),
            case when g.individual then 'individual' else 'company' end,
            case when g.individual then sn || gn when g.bracketed then bn || wn || '(' || cn || ')' || ln else cn || bn || wn || ln end,
            case when g.individual then sn || gn else bn || wn end,
            case when g.individual then spy || gpy when g.bracketed then bpy || wpy || cpy || lpy else cpy || bpy || wpy || lpy end,
            left(case when g.individual then sini || gini when g.bracketed then bini || wini || cini || lini else cini || bini || wini || lini end, 50),
            ind,
            case when g.individual then null else ($21::text[])[1 + floor(g.size_r * 8)::int] end,
            case when g.individual then null else ($22::text[])[1 + floor(g.rev_r * 7)::int] end,
            ($11::text[])[g.ci], ($12::text[])[g.ci], ($13::text[])[g.ci],
            ($23::text[])[g.ci] || ($24::text[])[1 + (g.i % 12)] || (1 + g.i % 899)::text || '号',
            ($14::text[])[g.ci],
            ($25::text[])[1 + floor(g.chan_r * $26)::int],
            (g.created_at at time zone $1)::date,
            case when g.stage_r < 0.4 then 'potential' when g.stage_r < 0.65 then 'intent' when g.stage_r < 0.9 then 'customer' else 'lost' end,
            case when g.grade_r < 0.15 then 'A' when g.grade_r < 0.45 then 'B' when g.grade_r < 0.75 then 'C' end,
            case when g.i % 4 = 0 then ($27::text[])[1 + g.i % 6] end,
            owner, coalesce(($16::uuid[])[g.owner_i], ($16::uuid[])[1 + g.i % $28]),
            g.last_follow_up_at,
            case when g.owner_i is null then coalesce(g.last_follow_up_at, g.created_at) end,
            case when g.owner_i is not null then g.created_at end,
            -- Its contacts' (below), as the contacts' triggers keep them; those are off here (replica).
            (select string_agg(pg_temp.mobile_digits(3 * g.i + k, $35), ' ' order by k) from generate_series(1, 1 + g.i % 3) k)
     from gen_customer g
     cross join lateral (select
         ($2::text[])[g.ci] as cn, ($3::text[])[g.ci] as cpy, ($4::text[])[g.ci] as cini,
         ($5::text[])[g.bi] as bn, ($6::text[])[g.bi] as bpy, ($7::text[])[g.bi] as bini,
         ($8::text[])[g.wi] as wn, ($9::text[])[g.wi] as wpy, ($10::text[])[g.wi] as wini,
         ($17::text[])[g.li] as ln, ($18::text[])[g.li] as lpy, ($19::text[])[g.li] as lini,
         ($29::text[])[g.si] as sn, ($30::text[])[g.si] as spy, ($31::text[])[g.si] as sini,
         ($32::text[])[g.gi] as gn, ($33::text[])[g.gi] as gpy, ($34::text[])[g.gi] as gini,
         ($15::uuid[])[g.owner_i] as owner,
         case when g.individual then null else ($20::text[])[g.wi] end as ind) p
     left join number_sequences s on s.scope = 'customer:' || extract(year from g.created_at at time zone $1)::text || ':' || coalesce(p.ind, 'GEN')`,
    [
      timeZone,
      parts.cities.name, parts.cities.py, parts.cities.ini,
      parts.brands.name, parts.brands.py, parts.brands.ini,
      parts.business.name, parts.business.py, parts.business.ini,
      parts.cities.province, parts.cities.city, parts.cities.district, parts.cities.region,
      params.ownerIds, params.ownerDepts,
      parts.legal.name, parts.legal.py, parts.legal.ini,
      parts.business.industry,
      ['1-19', '20-49', '50-99', '100-199', '200-499', '500-999', '1000-4999', '5000+'],
      ['lt1m', '1m-5m', '5m-10m', '10m-50m', '50m-200m', '200m-1b', '1b+'],
      parts.cities.path, ROADS,
      [...LEAD_CHANNELS], LEAD_CHANNELS.length, NEEDS, org.owners.length,
      parts.surnames.name, parts.surnames.py, parts.surnames.ini,
      parts.given.name, parts.given.py, parts.given.ini,
      MOBILE_PREFIXES,
    ],
  );
  await db.query(
    `insert into number_sequences (scope, last_value)
     select 'customer:' || split_part(number, '-', 1) || ':' || split_part(number, '-', 2), max(split_part(number, '-', 3)::int)
     from customers group by 1
     on conflict (scope) do update set last_value = greatest(number_sequences.last_value, excluded.last_value), updated_at = now()`,
  );
  step('customers');

  await db.query(
    `insert into customer_tags (customer_id, tag_id)
     select distinct g.id, t.ids[1 + (g.tag0 + k * 7) % cardinality(t.ids)]
     from gen_customer g
     cross join (select array_agg(id order by name) ids from tags) t
     cross join lateral generate_series(1, g.tags_n) k`,
  );
  // 2% of customers are shared with a colleague of the owner's team.
  await db.query(
    `insert into customer_collaborators (customer_id, user_id)
     select g.id, ($1::uuid[])[1 + (g.owner_i + 1) % $2] from gen_customer g where g.owner_i is not null and g.i % 50 = 0`,
    [params.ownerIds, org.owners.length],
  );
  step('tags, collaborators');

  // Contacts: 1, 2 or 3 per customer in turn (two on average), one or two mobiles each.
  await db.query(
    `insert into contacts (id, created_at, updated_at, created_by, customer_id, name, name_pinyin, name_initials, title, department,
       phones, phone_digits, email, wechat, is_primary, birthday, notes)
     select uuidv7(g.created_at - clock_timestamp() + k * interval '1 minute'), g.created_at + k * interval '1 minute', g.created_at + k * interval '1 minute', null,
            g.id, sn || gn, spy || gpy, sini || gini,
            ($7::text[])[1 + (n % 12)], ($8::text[])[1 + (n % 8)],
            pg_temp.mobiles(n, $12), pg_temp.mobile_digits(n, $12),
            spy || gpy || (n % 1000)::text || '@' || ($9::text[])[1 + (n % 6)],
            case when n % 3 = 0 then 'wx_' || spy || gpy || (n % 10000)::text end,
            k = 1, case when n % 5 = 0 then date '1965-01-01' + (n % 12000) end, null
     from gen_customer g
     cross join lateral generate_series(1, 1 + g.i % 3) k
     cross join lateral (select 3 * g.i + k as n) nn
     cross join lateral (select
         ($1::text[])[1 + (n * 7 + 3) % $10] as sn, ($2::text[])[1 + (n * 7 + 3) % $10] as spy, ($3::text[])[1 + (n * 7 + 3) % $10] as sini,
         ($4::text[])[1 + (n * 13 + 5) % $11] as gn, ($5::text[])[1 + (n * 13 + 5) % $11] as gpy, ($6::text[])[1 + (n * 13 + 5) % $11] as gini) p`,
    [
      parts.surnames.name, parts.surnames.py, parts.surnames.ini, parts.given.name, parts.given.py, parts.given.ini,
      TITLES, CONTACT_DEPARTMENTS, MAIL_DOMAINS, parts.surnames.name.length, parts.given.name.length, MOBILE_PREFIXES,
    ],
  );
  step('contacts');

  // Leads: 0.3 per customer, from the same kinds of names; prospects of their own (phones from another range).
  await db.query(
    `insert into leads (id, created_at, updated_at, number, channel, sources, company_name, company_key, contact_name, title, phone, email, needs,
       province_code, region, industry_code, need_match, budget, authority, computed_grade, grade, graded_at, status, owner_id, department_id,
       assigned_at, registered_at)
     select uuidv7(reg - clock_timestamp()), reg, reg,
            'LX' || extract(year from reg at time zone $1)::text ||
              pg_temp.seq3((coalesce(s.last_value, 0) + row_number() over (partition by extract(year from reg at time zone $1) order by reg, g.i))::int),
            ch, jsonb_build_array(jsonb_build_object('channel', ch, 'detail', null, 'at', reg)),
            cn || bn || wn || ln, bn || wn, sn || gn, ($16::text[])[1 + g.i % 12],
            '+86' || ($17::text[])[1 + g.i % $18] || lpad((((g.i + 80000000) * 48271::bigint) % 100000000)::text, 8, '0'),
            spy || gpy || (g.i % 997)::text || '@' || ($19::text[])[1 + g.i % 6],
            null, ($7::text[])[ci2], ($8::text[])[ci2], ($9::text[])[g.wi],
            ($20::text[])[1 + nm], ($20::text[])[1 + bu], ($20::text[])[1 + au],
            ($21::text[])[1 + nm * 9 + bu * 3 + au], ($21::text[])[1 + nm * 9 + bu * 3 + au], reg,
            st, case when st <> 'new' then ($10::uuid[])[1 + g.i % $12] end, case when st <> 'new' then ($11::uuid[])[1 + g.i % $12] end,
            case when st <> 'new' then reg + interval '2 hours' end, reg
     from gen_customer g
     cross join lateral (select g.created_at + interval '3 hours' as reg, 1 + (g.ci * 3) % $24 as ci2,
         ($22::text[])[1 + g.i % $23] as ch,
         (g.i / 3) % 3 as nm, (g.i / 7) % 3 as bu, (g.i / 11) % 3 as au,
         (array['new','assigned','assigned','contacted','contacted','qualified','converted','disqualified','nurture','new'])[1 + (g.i / 13) % 10] as st) x
     cross join lateral (select
         ($2::text[])[x.ci2] as cn,
         ($5::text[])[1 + (g.bi * 7) % $25] as bn,
         ($6::text[])[g.wi] as wn, ($13::text[])[g.li] as ln,
         ($14::text[])[g.si] as sn, ($15::text[])[g.si] as spy,
         ($3::text[])[g.gi] as gn, ($4::text[])[g.gi] as gpy) p
     left join number_sequences s on s.scope = 'lead:' || extract(year from reg at time zone $1)::text
     where g.i % 10 < 3`,
    [
      timeZone,
      parts.cities.name, parts.given.name, parts.given.py, parts.brands.name, parts.business.name,
      parts.cities.province, parts.cities.region, parts.business.industry,
      params.ownerIds, params.ownerDepts, org.owners.length,
      parts.legal.name, parts.surnames.name, parts.surnames.py,
      TITLES, MOBILE_PREFIXES, MOBILE_PREFIXES.length, MAIL_DOMAINS, [...CRITERION_ANSWERS], LEAD_GRADE_TABLE,
      [...LEAD_CHANNELS], LEAD_CHANNELS.length, parts.cities.name.length, parts.brands.name.length,
    ],
  );
  await db.query(
    `insert into number_sequences (scope, last_value)
     select 'lead:' || substr(number, 3, 4), max(substr(number, 7)::int) from leads group by 1
     on conflict (scope) do update set last_value = greatest(number_sequences.last_value, excluded.last_value), updated_at = now()`,
  );
  step('leads');

  await db.query('set session_replication_role = origin');
  for (const def of indexes) await db.query(def);
  step('indexes');
  await db.query('drop table gen_customer');
  for (const t of LOADED_TABLES) await db.query(`vacuum analyze ${t}`);
  step('vacuum analyze');
  const count = async (t: string) => Number((await db.query<{ n: string }>(`select count(*) n from ${t}`)).rows[0]?.n);
  return { seconds: (performance.now() - t0) / 1000, customers: await count('customers'), contacts: await count('contacts'), leads: await count('leads') };
}

/**
 * Compares generated rows with what the application itself would store: name key, pinyin,
 * phone digits, E.164 validity, region and the division path. Throws with the differences.
 */
export async function verifySample(db: pg.ClientBase, size = 2000): Promise<void> {
  const bad: string[] = [];
  const customers = await db.query<{ name: string; kind: string; name_key: string; name_pinyin: string; name_initials: string; province_code: string; city_code: string | null; district_code: string | null; region: string }>(
    `select name, kind, name_key, name_pinyin, name_initials, province_code, city_code, district_code, region from customers tablesample bernoulli (1) limit $1`,
    [size],
  );
  for (const c of customers.rows) {
    const py = pinyinKeys(c.name, { person: c.kind === 'individual' });
    const key = normaliseCompanyName(c.name).key;
    if (py.full !== c.name_pinyin || py.initials !== c.name_initials) bad.push(`${c.name}: pinyin ${c.name_pinyin}/${c.name_initials}, app gives ${py.full}/${py.initials}`);
    if (key !== c.name_key) bad.push(`${c.name}: name_key ${c.name_key}, app gives ${key}`);
    if (regionOf(c.province_code) !== c.region) bad.push(`${c.name}: region ${c.region}, app gives ${regionOf(c.province_code)}`);
    if (!isValidDistrictPath(c.province_code, c.city_code, c.district_code)) bad.push(`${c.name}: division path ${c.province_code}/${c.city_code}/${c.district_code}`);
  }
  const contacts = await db.query<{ name: string; name_pinyin: string; name_initials: string; phones: string[]; phone_digits: string }>(
    `select name, name_pinyin, name_initials, phones, phone_digits from contacts tablesample bernoulli (0.5) limit $1`,
    [size],
  );
  for (const c of contacts.rows) {
    const py = pinyinKeys(c.name, { person: true });
    if (py.full !== c.name_pinyin || py.initials !== c.name_initials) bad.push(`contact ${c.name}: pinyin ${c.name_pinyin}/${c.name_initials}, app gives ${py.full}/${py.initials}`);
    for (const p of c.phones) {
      const parsed = normalisePhone(p);
      if (!parsed.ok || parsed.e164 !== p || parsed.type !== 'mobile') bad.push(`contact ${c.name}: phone ${p} is not a valid mobile in E.164`);
    }
    const digits = c.phones.map(phoneDigitsForSearch).join(' ');
    if (digits !== c.phone_digits) bad.push(`contact ${c.name}: phone_digits ${c.phone_digits}, app gives ${digits}`);
  }
  const leads = await db.query<{ company_name: string; company_key: string }>(`select company_name, company_key from leads tablesample bernoulli (1) limit $1`, [size]);
  for (const l of leads.rows) {
    const key = normaliseCompanyName(l.company_name).key;
    if (key !== l.company_key) bad.push(`lead ${l.company_name}: company_key ${l.company_key}, app gives ${key}`);
  }
  // The contacts' digits on their customers, as the contacts' triggers (migration 0043) would have kept them.
  const digitsOff = await db.query<{ id: string; stored: string; computed: string }>(
    `select c.id, c.contact_phone_digits as stored,
            coalesce((select string_agg(k.phone_digits, ' ' order by k.created_at, k.id) from contacts k where k.customer_id = c.id and k.deleted_at is null and k.phone_digits <> ''), '') as computed
     from customers c tablesample bernoulli (1) limit $1`,
    [size],
  );
  for (const d of digitsOff.rows) if (d.stored !== d.computed) bad.push(`customer ${d.id}: contact_phone_digits ${d.stored}, its contacts give ${d.computed}`);
  const dupNumbers = await db.query(`select number from customers group by number having count(*) > 1 limit 5`);
  if (dupNumbers.rows.length) bad.push(`duplicate customer numbers: ${JSON.stringify(dupNumbers.rows)}`);
  const behind = await db.query(
    `select s.scope, s.last_value, max(split_part(c.number, '-', 3)::int) m from customers c
     join number_sequences s on s.scope = 'customer:' || split_part(c.number, '-', 1) || ':' || split_part(c.number, '-', 2)
     group by s.scope, s.last_value having max(split_part(c.number, '-', 3)::int) > s.last_value`,
  );
  if (behind.rows.length) bad.push(`number_sequences behind the numbers: ${JSON.stringify(behind.rows)}`);
  if (bad.length) throw new Error(`Generated data differs from what the application computes (${bad.length}):\n  ${bad.slice(0, 30).join('\n  ')}`);
}
