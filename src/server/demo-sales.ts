import { count, eq, inArray } from 'drizzle-orm';
import { createProductBody } from '../contracts/products.ts';
import { createOpportunityBody } from '../contracts/opportunities.ts';
import { customers, pipelineStages, products, users } from './db/schema/index.ts';
import type { Ctx } from './platform/access/actor.ts';
import { actorFor } from './platform/access/actors.ts';
import { findUserWithRole } from './platform/access/actors.queries.ts';
import type { Deps } from './platform/deps.ts';
import { createOpportunity, moveOpportunity } from './modules/opportunities/index.ts';
import { createProduct } from './modules/products/index.ts';

/** The catalogue of the demo company (a maker of industrial equipment and its software). */
const PRODUCTS = [
  { sku: 'CNC-V850', name: '立式加工中心 V850', category: '设备', unit: '台', listPriceFen: 38_500_000, taxRatePercent: 13 },
  { sku: 'CNC-H630', name: '卧式加工中心 H630', category: '设备', unit: '台', listPriceFen: 96_000_000, taxRatePercent: 13 },
  { sku: 'MES-STD', name: 'MES 生产执行系统 标准版', category: '软件', unit: '套', listPriceFen: 18_000_000, taxRatePercent: 6 },
  { sku: 'IOT-GW', name: '设备联网网关', category: '硬件', unit: '个', listPriceFen: 680_000, taxRatePercent: 13 },
  { sku: 'SVC-IMPL', name: '实施服务', category: '服务', unit: '人天', listPriceFen: 250_000, taxRatePercent: 6 },
  { sku: 'SVC-MAINT', name: '年度维保服务', category: '服务', unit: '年', listPriceFen: 3_600_000, taxRatePercent: 6 },
] as const;

type Line = { sku: string; quantity: number; discountPercent?: number };
/** Deals of the demo salespeople, on their customers, at several stages. */
const DEALS: { owner: string; customer: string; name: string; stage: string; closeInDays: number; lines: Line[]; reason?: string }[] = [
  { owner: 'wangfang', customer: '上海华信精密机械有限公司', name: '二期产线加工中心扩容', stage: 'negotiation', closeInDays: 20, lines: [{ sku: 'CNC-V850', quantity: 4, discountPercent: 5 }, { sku: 'SVC-MAINT', quantity: 1 }] },
  { owner: 'wangfang', customer: '上海华信精密机械有限公司', name: 'MES 上线', stage: 'won', closeInDays: -10, lines: [{ sku: 'MES-STD', quantity: 1 }, { sku: 'SVC-IMPL', quantity: 30 }], reason: '方案贴合现有流程，实施团队经验足' },
  { owner: 'wangfang', customer: '', name: '设备联网改造', stage: 'proposal', closeInDays: 45, lines: [{ sku: 'IOT-GW', quantity: 40, discountPercent: 10 }, { sku: 'SVC-IMPL', quantity: 12 }] },
  { owner: 'liuyang', customer: '', name: '卧式加工中心采购', stage: 'needs_analysis', closeInDays: 75, lines: [{ sku: 'CNC-H630', quantity: 2 }] },
  { owner: 'liuyang', customer: '', name: '维保续约', stage: 'initial_contact', closeInDays: 100, lines: [{ sku: 'SVC-MAINT', quantity: 3 }] },
  { owner: 'chenjing', customer: '', name: '数字化车间一期', stage: 'proposal', closeInDays: 35, lines: [{ sku: 'MES-STD', quantity: 1 }, { sku: 'IOT-GW', quantity: 20 }, { sku: 'SVC-IMPL', quantity: 20 }] },
  { owner: 'chenjing', customer: '', name: '老设备替换', stage: 'lost', closeInDays: -30, lines: [{ sku: 'CNC-V850', quantity: 2, discountPercent: 8 }], reason: '客户选择了价格更低的国产品牌' },
];

async function ctxOf(deps: Deps, username: string): Promise<Ctx> {
  const [row] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  const user = row ? await findUserWithRole(deps.db, row.id) : null;
  if (!user) throw new Error(`demo user ${username} missing`);
  return { actor: await actorFor(deps.db, user, { sessionId: 'demo' }), ip: null, now: deps.clock.now() };
}

/**
 * Products and opportunities for the demo, through the services (prices, stage history,
 * timeline and audit all real). Runs once: only on an installation without products.
 */
export async function loadDemoSales(deps: Deps): Promise<string> {
  const [existing] = await deps.db.select({ n: count() }).from(products);
  if ((existing?.n ?? 0) > 0) return '';
  const admin = await ctxOf(deps, 'admin');
  const skus = new Map<string, string>();
  for (const p of PRODUCTS) skus.set(p.sku, (await createProduct(deps, admin, createProductBody.parse(p))).id);
  const stages = new Map((await deps.db.select({ id: pipelineStages.id, key: pipelineStages.key }).from(pipelineStages)).map((s) => [s.key, s.id]));
  let deals = 0;
  for (const d of DEALS) {
    const ctx = await ctxOf(deps, d.owner);
    // A named customer, else the owner's customers in turn.
    const owned = await deps.db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(inArray(customers.ownerId, [ctx.actor.userId]))
      .orderBy(customers.createdAt);
    const customer = owned.find((c) => c.name === d.customer) ?? owned[deals % Math.max(owned.length, 1)];
    if (!customer) continue;
    const day = new Date(ctx.now.getTime() + d.closeInDays * 86_400_000).toISOString().slice(0, 10);
    const created = await createOpportunity(
      deps,
      ctx,
      createOpportunityBody.parse({ customerId: customer.id, name: d.name, expectedCloseDate: day, sourceChannel: 'referral', items: d.lines.map((l) => ({ productId: skus.get(l.sku), quantity: l.quantity, discountPercent: l.discountPercent ?? 0 })) }),
    );
    const stageId = stages.get(d.stage);
    if (stageId && stageId !== created.stageId) await moveOpportunity(deps, ctx, created.id, { version: created.version, stageId, ...(d.reason ? { reason: d.reason } : {}) });
    deals++;
  }
  return `  Demo sales loaded: ${PRODUCTS.length} products, ${deals} opportunities across the pipeline.\n`;
}
