import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json' with { type: 'json' };
import zh from '../../locales/zh-CN.json' with { type: 'json' };
import { notificationLink, notificationMessage } from './notificationText.ts';

const NOW = new Date('2026-12-06T10:00:00+08:00');
const fmt = (iso: string) => iso.slice(11, 16);

describe('notification text', () => {
  it('formats the date params for the reader and drops empty ones', () => {
    const m = notificationMessage({ kind: 'customer.reclaim_warning', params: { number: '2026-MANU-001', name: '某公司', reclaimAt: '2026-02-01T00:00:00.000Z', extra: null } }, { formatDate: (iso) => `<${iso.slice(0, 10)}>`, now: NOW });
    expect(m).toEqual({ key: 'notifications.kinds.customer.reclaim_warning', params: { number: '2026-MANU-001', name: '某公司', reclaimAt: '<2026-02-01>' }, subject: null });
  });
  it('links leads and customers to their pages', () => {
    expect(notificationLink({ kind: 'lead.assigned', entityType: 'lead', entityId: 'x', params: {} })).toBe('/leads/x');
    expect(notificationLink({ kind: 'customer.assigned', entityType: 'customer', entityId: 'y', params: {} })).toBe('/customers/y');
    expect(notificationLink({ kind: 'bulk.failed', entityType: null, entityId: null, params: {} })).toBeNull();
  });
  it('links tasks and feedback to their lists (opening them) and follow-ups to their customer', () => {
    expect(notificationLink({ kind: 'task.reminder', entityType: 'task', entityId: 't1', params: {} })).toBe('/tasks?taskId=t1');
    expect(notificationLink({ kind: 'task.reminder', entityType: 'follow_up', entityId: 'f1', params: { customerId: 'c1' } })).toBe('/customers/c1?tab=followUps');
    expect(notificationLink({ kind: 'feedback.assigned', entityType: 'feedback', entityId: 'b1', params: { customerId: 'c2', title: '发票有误' } })).toBe('/feedback?feedbackId=b1');
    expect(notificationLink({ kind: 'task.reminder', entityType: 'follow_up', entityId: 'f1', params: {} })).toBeNull();
  });
  it('links notifications about many records to their list', () => {
    expect(notificationLink({ kind: 'followup.digest', entityType: null, entityId: null, params: { overdueTasks: 1 } })).toBe('/tasks');
    expect(notificationLink({ kind: 'bulk.customers_done', entityType: null, entityId: null, params: { total: 3 } })).toBe('/customers');
    expect(notificationLink({ kind: 'bulk.leads_done', entityType: null, entityId: null, params: { total: 3 } })).toBe('/leads');
    expect(notificationLink({ kind: 'bulk.customers_assigned', entityType: null, entityId: null, params: { count: 120, ownerId: 'u1' } })).toBe('/customers?ownerId=u1');
  });
  it('renders the new kinds with their params', () => {
    const m = notificationMessage({ kind: 'followup.digest', params: { overdueTasks: 2, todayTasks: 3, customers: 4, leads: 0 } }, { formatDate: (iso) => iso, now: NOW });
    expect(m).toEqual({ key: 'notifications.kinds.followup.digest', params: { overdueTasks: 2, todayTasks: 3, customers: 4, leads: 0 }, subject: null });
    expect(zh.notifications.kinds.task.reminder).toContain('{{dueAt}}');
    expect(en.notifications.kinds.feedback.assigned).toContain('{{customerName}}');
  });

  it('names the customer, else the lead, of a task; says 已逾期 once the task is past due', () => {
    const due = '2026-12-06T09:00:00+08:00';
    const later = '2026-12-07T09:00:00+08:00';
    const forCustomer = notificationMessage({ kind: 'task.reminder', params: { title: '发送方案和报价', dueAt: later, customerName: '上海华信精密机械有限公司', customerId: 'c1', leadId: null } }, { formatDate: fmt, now: NOW });
    expect(forCustomer.key).toBe('notifications.kinds.task.reminder');
    expect(forCustomer.subject).toEqual({ key: 'notifications.subject.customer', name: '上海华信精密机械有限公司' });
    const late = notificationMessage({ kind: 'task.reminder', params: { title: '发送方案和报价', dueAt: due, leadName: '宁波港务物流有限公司' } }, { formatDate: fmt, now: NOW });
    expect(late.key).toBe('notifications.kinds.task.reminder_overdue');
    expect(late.subject).toEqual({ key: 'notifications.subject.lead', name: '宁波港务物流有限公司' });
    expect(notificationMessage({ kind: 'task.assigned', params: { title: 'x', dueAt: due, by: '王芳' } }, { formatDate: fmt, now: NOW }).key).toBe('notifications.kinds.task.assigned_overdue');
    // Other kinds have no overdue wording: their dates are not deadlines of the reader.
    expect(notificationMessage({ kind: 'customer.reclaim_warning', params: { name: 'x', reclaimAt: due } }, { formatDate: fmt, now: NOW }).key).toBe('notifications.kinds.customer.reclaim_warning');
    // Each variant exists in both languages and has a place for the subject.
    for (const texts of [zh.notifications.kinds.task, en.notifications.kinds.task]) {
      for (const text of [texts.reminder, texts.reminder_overdue, texts.assigned, texts.assigned_overdue]) expect(text).toContain('{{subject}}');
    }
    expect(zh.notifications.kinds.task.reminder_overdue).toContain('已逾期');
    expect(zh.notifications.subject.customer).toContain('{{name}}');
  });
});
