import { describe, expect, it } from 'vitest';
import { hitPath, isSearchShortcut, moreMatchesPath } from './searchTargets.ts';

const id = '0190f3a0-0000-7000-8000-000000000001';
const customerId = '0190f3a0-0000-7000-8000-000000000002';
const hit = (kind: Parameters<typeof hitPath>[0]['kind'], extra: Partial<Parameters<typeof hitPath>[0]> = {}) => ({ kind, id, title: 't', number: null, subtitle: null, customerId: null, ...extra });

describe('where a search hit opens', () => {
  it('opens each kind on its own page, a contact on its customer’s contacts tab', () => {
    expect(hitPath(hit('customer'))).toBe(`/customers/${id}`);
    expect(hitPath(hit('lead'))).toBe(`/leads/${id}`);
    expect(hitPath(hit('opportunity'))).toBe(`/opportunities/${id}`);
    expect(hitPath(hit('quote'))).toBe(`/quotes/${id}`);
    expect(hitPath(hit('order'))).toBe(`/orders/${id}`);
    expect(hitPath(hit('contract'))).toBe(`/contracts/${id}`);
    expect(hitPath(hit('contact', { customerId }))).toBe(`/customers/${customerId}?tab=contacts`);
  });

  it('shows all matches in the kind’s list with the same search, contacts in the customer list', () => {
    expect(moreMatchesPath('customer', 'MANU-006')).toBe('/customers?q=MANU-006');
    expect(moreMatchesPath('contact', '张伟')).toBe(`/customers?q=${encodeURIComponent('张伟')}`);
    expect(moreMatchesPath('order', 'a&b')).toBe('/orders?q=a%26b');
  });
});

describe('the search shortcut', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
  it('is Ctrl+K or ⌘K anywhere', () => {
    expect(isSearchShortcut(key('k', { ctrlKey: true }), true)).toBe(true);
    expect(isSearchShortcut(key('K', { metaKey: true }), false)).toBe(true);
    expect(isSearchShortcut(key('k', { ctrlKey: true, altKey: true }), false)).toBe(false);
    expect(isSearchShortcut(key('k'), false)).toBe(false);
  });
  it('is "/" only when not typing in a field', () => {
    expect(isSearchShortcut(key('/'), false)).toBe(true);
    expect(isSearchShortcut(key('/'), true)).toBe(false);
    expect(isSearchShortcut(key('/', { ctrlKey: true }), false)).toBe(false);
  });
});
