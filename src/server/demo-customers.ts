import { count, eq } from 'drizzle-orm';
import { createFeedbackBody } from '../contracts/feedback.ts';
import { createFollowUpBody } from '../contracts/followups.ts';
import { createTagBody } from '../contracts/catalog.ts';
import { createContactBody } from '../contracts/contacts.ts';
import { createCustomerBody } from '../contracts/customers.ts';
import { createAssignmentRuleBody, createLeadBody } from '../contracts/leads.ts';
import { customers, departments, users } from './db/schema/index.ts';
import type { Ctx } from './platform/access/actor.ts';
import { actorFor } from './platform/access/actors.ts';
import { findUserWithRole } from './platform/access/actors.queries.ts';
import type { Deps } from './platform/deps.ts';
import { createTag } from './modules/catalog/index.ts';
import { createFeedback } from './modules/feedback/index.ts';
import { createFollowUp } from './modules/followups/index.ts';
import { createContact } from './modules/contacts/index.ts';
import { createCustomer } from './modules/customers/index.ts';
import { createLead, createRule } from './modules/leads/index.ts';

type DemoCustomer = {
  owner: string | null;
  name: string;
  industryCode: string;
  division: [string, string, string | null];
  stage: 'potential' | 'intent' | 'customer' | 'lost';
  grade?: 'A' | 'B' | 'C';
  sourceChannel: 'trade_show' | 'search_ads' | 'referral' | 'website' | 'social_media' | 'phone_in' | 'email' | 'other';
  tags?: string[];
  contacts: { name: string; title: string; phone: string; email?: string; isPrimary?: boolean }[];
};

const TAGS: { name: string; color: 'red' | 'gold' | 'green' | 'blue' | 'purple' }[] = [
  { name: '重点客户', color: 'red' },
  { name: 'VIP', color: 'gold' },
  { name: '老客户', color: 'green' },
  { name: '渠道合作', color: 'blue' },
  { name: '政府项目', color: 'purple' },
];

const CUSTOMERS: DemoCustomer[] = [
  { owner: 'wangfang', name: '上海华信精密机械有限公司', industryCode: 'MANU', division: ['310000', '310100', '310115'], stage: 'customer', grade: 'A', sourceChannel: 'trade_show', tags: ['重点客户', 'VIP'], contacts: [{ name: '李建国', title: '采购总监', phone: '13812345678', email: 'lijg@huaxin-jx.cn', isPrimary: true }, { name: '周婷', title: '采购专员', phone: '13912340001' }] },
  { owner: 'wangfang', name: '杭州云帆信息技术有限公司', industryCode: 'IT', division: ['330000', '330100', '330106'], stage: 'intent', grade: 'A', sourceChannel: 'search_ads', tags: ['重点客户'], contacts: [{ name: '陈晓东', title: 'CTO', phone: '13700001111', email: 'chenxd@yunfan.tech', isPrimary: true }] },
  { owner: 'wangfang', name: '苏州工业园区恒通物流有限公司', industryCode: 'LOGI', division: ['320000', '320500', '320505'], stage: 'potential', grade: 'B', sourceChannel: 'referral', tags: ['渠道合作'], contacts: [{ name: '吴海峰', title: '运营经理', phone: '13655558888' }] },
  { owner: 'wangfang', name: '南京金陵医药连锁股份有限公司', industryCode: 'RETL', division: ['320000', '320100', '320102'], stage: 'intent', grade: 'B', sourceChannel: 'website', contacts: [{ name: '孙雅琴', title: '信息部主任', phone: '13851234567', email: 'sunyq@jlyy.com.cn', isPrimary: true }] },
  { owner: 'wangfang', name: '宁波港城新材料科技有限公司', industryCode: 'MANU', division: ['330000', '330200', '330203'], stage: 'lost', grade: 'C', sourceChannel: 'phone_in', contacts: [{ name: '郑国强', title: '总经理', phone: '13566667777' }] },
  { owner: 'liuyang', name: '北京中科智联科技有限公司', industryCode: 'IT', division: ['110000', '110100', '110108'], stage: 'customer', grade: 'A', sourceChannel: 'trade_show', tags: ['VIP', '老客户'], contacts: [{ name: '王志远', title: '副总裁', phone: '13901011234', email: 'wangzy@zkzl.com.cn', isPrimary: true }, { name: '刘佳', title: '项目经理', phone: '13801012345' }] },
  { owner: 'liuyang', name: '天津滨海重工集团有限公司', industryCode: 'MANU', division: ['120000', '120100', '120116'], stage: 'intent', grade: 'A', sourceChannel: 'referral', tags: ['重点客户', '政府项目'], contacts: [{ name: '赵永刚', title: '设备部部长', phone: '13820001234', isPrimary: true }] },
  { owner: 'liuyang', name: '石家庄华北制药贸易有限公司', industryCode: 'WHOL', division: ['130000', '130100', '130102'], stage: 'potential', sourceChannel: 'email', contacts: [{ name: '马丽华', title: '办公室主任', phone: '13931112222' }] },
  { owner: 'liuyang', name: '太原晋商连锁超市有限公司', industryCode: 'RETL', division: ['140000', '140100', '140105'], stage: 'intent', grade: 'B', sourceChannel: 'website', contacts: [{ name: '郭志军', title: 'IT 经理', phone: '13903511234', email: 'guozj@jinshang.cn', isPrimary: true }] },
  { owner: 'chenjing', name: '深圳前海跨境电子商务有限公司', industryCode: 'RETL', division: ['440000', '440300', '440305'], stage: 'customer', grade: 'A', sourceChannel: 'social_media', tags: ['VIP'], contacts: [{ name: '黄思敏', title: '运营总监', phone: '13714567890', email: 'huangsm@qhkj.com', isPrimary: true }] },
  { owner: 'chenjing', name: '广州白云国际物流有限公司', industryCode: 'LOGI', division: ['440000', '440100', '440111'], stage: 'intent', grade: 'B', sourceChannel: 'trade_show', tags: ['渠道合作'], contacts: [{ name: '林志强', title: '物流总监', phone: '13602001234', isPrimary: true }] },
  { owner: 'chenjing', name: '东莞松山湖电子科技有限公司', industryCode: 'MANU', division: ['440000', '441900', null], stage: 'potential', grade: 'C', sourceChannel: 'search_ads', contacts: [{ name: '叶文杰', title: '厂长', phone: '13790001234' }] },
  { owner: 'chenjing', name: '厦门鹭岛文化传媒有限公司', industryCode: 'CULT', division: ['350000', '350200', '350203'], stage: 'potential', sourceChannel: 'other', contacts: [{ name: '蔡佳怡', title: '市场经理', phone: '13806001234' }] },
  { owner: null, name: '成都天府软件园科技有限公司', industryCode: 'IT', division: ['510000', '510100', '510107'], stage: 'potential', sourceChannel: 'website', contacts: [{ name: '杨帆', title: '技术总监', phone: '13808001234' }] },
  { owner: null, name: '武汉光谷生物医药有限公司', industryCode: 'MANU', division: ['420000', '420100', '420111'], stage: 'potential', sourceChannel: 'trade_show', contacts: [{ name: '胡敏', title: '采购经理', phone: '13907101234' }] },
  { owner: null, name: '西安古城文旅发展有限公司', industryCode: 'CULT', division: ['610000', '610100', '610103'], stage: 'lost', sourceChannel: 'phone_in', contacts: [{ name: '张涛', title: '总经理助理', phone: '13909101234' }] },
];

const LEADS: { contactName: string; companyName: string; title: string; phone: string; channel: 'trade_show' | 'search_ads' | 'website' | 'referral'; sourceDetail: string; provinceCode: string; industryCode: string; criteria: { needMatch: 'yes' | 'no' | 'unclear'; budget: 'yes' | 'no' | 'unclear'; authority: 'yes' | 'no' | 'unclear' }; needs: string }[] = [
  { contactName: '钱伟', companyName: '无锡太湖精工机械有限公司', title: '采购经理', phone: '13861001234', channel: 'trade_show', sourceDetail: '2026 上海工博会', provinceCode: '320000', industryCode: 'MANU', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' }, needs: '需要一套覆盖 200 名销售的 CRM，三个月内上线' },
  { contactName: '冯雪', companyName: '合肥科大讯联信息技术有限公司', title: 'IT 总监', phone: '13956001234', channel: 'search_ads', sourceDetail: '关键词：销售管理系统', provinceCode: '340000', industryCode: 'IT', criteria: { needMatch: 'yes', budget: 'unclear', authority: 'yes' }, needs: '替换现有 Excel 客户台账' },
  { contactName: '褚明', companyName: '青岛海之蓝食品有限公司', title: '销售总监', phone: '13953201234', channel: 'website', sourceDetail: '官网试用申请', provinceCode: '370000', industryCode: 'MANU', criteria: { needMatch: 'yes', budget: 'yes', authority: 'unclear' }, needs: '经销商线索管理' },
  { contactName: '卫东', companyName: '郑州中原商贸城有限公司', title: '总经理', phone: '13903711234', channel: 'referral', sourceDetail: '老客户 北京中科智联 推荐', provinceCode: '410000', industryCode: 'WHOL', criteria: { needMatch: 'unclear', budget: 'no', authority: 'yes' }, needs: '先了解一下' },
  { contactName: '蒋丽', companyName: '长沙麓谷软件有限公司', title: '运营经理', phone: '13973101234', channel: 'trade_show', sourceDetail: '2026 深圳高交会', provinceCode: '430000', industryCode: 'IT', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' }, needs: '营销活动 ROI 分析和线索分配' },
  { contactName: '沈涛', companyName: '福州闽江物流股份有限公司', title: '信息部经理', phone: '13905911234', channel: 'website', sourceDetail: '白皮书下载', provinceCode: '350000', industryCode: 'LOGI', criteria: { needMatch: 'yes', budget: 'unclear', authority: 'unclear' }, needs: '客服工单与回访' },
];

const DEMO_FOLLOW_UPS = [
  { method: 'visit', content: '上门拜访生产部，了解现有设备与产能瓶颈', feedback: '对交期和售后响应速度最关心', nextAction: '发送方案和报价' },
  { method: 'phone', content: '电话确认采购计划和预算周期', feedback: '预算下季度审批', nextAction: '约技术交流会' },
  { method: 'demo', content: '线上演示系统功能，信息部和销售部参加', feedback: '希望增加移动端审批', nextAction: '提供移动端试用账号' },
  { method: 'email', content: '邮件发送案例资料和资质文件', feedback: null, nextAction: '电话跟进资料反馈' },
] as const;

async function ctxOf(deps: Deps, username: string): Promise<Ctx> {
  const [row] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  const user = row ? await findUserWithRole(deps.db, row.id) : null;
  if (!user) throw new Error(`demo user ${username} missing`);
  return { actor: await actorFor(deps.db, user, { sessionId: 'demo' }), ip: null, now: deps.clock.now() };
}

/**
 * Customers, contacts, tags, leads and an assignment rule for the demo organisation, created
 * through the same services as the API (numbers, pinyin, duplicate keys and audit all real).
 * Runs only on an installation without customers, so a restart adds nothing twice.
 */
export async function loadDemoCustomers(deps: Deps): Promise<string> {
  const [existing] = await deps.db.select({ n: count() }).from(customers);
  if ((existing?.n ?? 0) > 0) return '';
  const admin = await ctxOf(deps, 'admin');
  const tagIds = new Map<string, string>();
  for (const tag of TAGS) tagIds.set(tag.name, (await createTag(deps, admin, createTagBody.parse(tag))).id);

  const manager = await ctxOf(deps, 'zhangwei');
  let followUps = 0;
  for (const c of CUSTOMERS) {
    const ctx = c.owner ? await ctxOf(deps, c.owner) : manager;
    const created = await createCustomer(
      deps,
      ctx,
      createCustomerBody.parse({
        name: c.name,
        industryCode: c.industryCode,
        provinceCode: c.division[0],
        cityCode: c.division[1],
        districtCode: c.division[2],
        stage: c.stage,
        grade: c.grade ?? null,
        sourceChannel: c.sourceChannel,
        tagIds: (c.tags ?? []).map((t) => tagIds.get(t)).filter((id): id is string => !!id),
        ...(c.owner ? {} : { ownerId: null }),
      }),
    );
    for (const p of c.contacts) {
      await createContact(deps, ctx, created.id, createContactBody.parse({ name: p.name, title: p.title, phones: [p.phone], email: p.email ?? null, isPrimary: p.isPrimary ?? false }));
    }
    if (c.owner) {
      // A visit some days ago and its next step, so task lists, reminders and timelines have something.
      const i = followUps++;
      const now = ctx.now.getTime();
      const visit = DEMO_FOLLOW_UPS[i % DEMO_FOLLOW_UPS.length] ?? DEMO_FOLLOW_UPS[0];
      await createFollowUp(
        deps,
        ctx,
        createFollowUpBody.parse({
          customerId: created.id,
          method: visit?.method,
          happenedAt: new Date(now - (i + 1) * 86_400_000).toISOString(),
          content: visit?.content,
          feedback: visit?.feedback,
          nextAction: visit?.nextAction,
          nextFollowUpAt: new Date(now + ((i % 4) - 1) * 86_400_000 + 3_600_000).toISOString(),
        }),
      );
      if (i === 0) {
        await createFeedback(deps, ctx, createFeedbackBody.parse({ customerId: created.id, kind: 'complaint', title: '上批设备交付延期一周', content: '客户反映第二批设备比合同约定晚到一周，影响产线调试。' }));
      }
    }
  }

  const [east] = await deps.db.select({ id: departments.id }).from(departments).where(eq(departments.name, '华东大区')).limit(1);
  if (east) await createRule(deps, admin, createAssignmentRuleBody.parse({ name: '华东线索轮流分配', departmentId: east.id, regions: ['east'], priority: 10 }));
  const marketing = await ctxOf(deps, 'zhaolei');
  for (const l of LEADS) await createLead(deps, marketing, createLeadBody.parse(l));
  return `  Demo customers loaded: ${CUSTOMERS.length} customers (3 in the public pool) with ${followUps} follow-ups and their next-step tasks, ${TAGS.length} tags, ${LEADS.length} leads, 1 assignment rule, 1 complaint.\n`;
}
