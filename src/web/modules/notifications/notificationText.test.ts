import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json' with { type: 'json' };
import zh from '../../locales/zh-CN.json' with { type: 'json' };
import { notificationLink, notificationMessage } from './notificationText.ts';

describe('notification text', () => {
  it('formats the date params for the reader and drops empty ones', () => {
    const m = notificationMessage({ kind: 'customer.reclaim_warning', params: { number: '2026-MANU-001', name: '某公司', reclaimAt: '2026-02-01T00:00:00.000Z', extra: null } }, (iso) => `<${iso.slice(0, 10)}>`);
    expect(m).toEqual({ key: 'notifications.kinds.customer.reclaim_warning', params: { number: '2026-MANU-001', name: '某公司', reclaimAt: '<2026-02-01>' } });
  });
  it('links leads and customers to their pages', () => {
    expect(notificationLink({ entityType: 'lead', entityId: 'x', params: {} })).toBe('/leads/x');
    expect(notificationLink({ entityType: 'customer', entityId: 'y', params: {} })).toBe('/customers/y');
    expect(notificationLink({ entityType: null, entityId: null, params: {} })).toBeNull();
  });
  it('links tasks and feedback to their lists (opening them) and follow-ups to their customer', () => {
    expect(notificationLink({ entityType: 'task', entityId: 't1', params: {} })).toBe('/tasks?taskId=t1');
    expect(notificationLink({ entityType: 'follow_up', entityId: 'f1', params: { customerId: 'c1' } })).toBe('/customers/c1?tab=followUps');
    expect(notificationLink({ entityType: 'feedback', entityId: 'b1', params: { customerId: 'c2', title: '发票有误' } })).toBe('/feedback?feedbackId=b1');
    expect(notificationLink({ entityType: 'follow_up', entityId: 'f1', params: {} })).toBeNull();
  });
  it('renders the new kinds with their params', () => {
    const m = notificationMessage({ kind: 'followup.digest', params: { overdueTasks: 2, todayTasks: 3, customers: 4, leads: 0 } }, (iso) => iso);
    expect(m).toEqual({ key: 'notifications.kinds.followup.digest', params: { overdueTasks: 2, todayTasks: 3, customers: 4, leads: 0 } });
    expect(zh.notifications.kinds.task.reminder).toContain('{{dueAt}}');
    expect(en.notifications.kinds.feedback.assigned).toContain('{{customerName}}');
  });
});
