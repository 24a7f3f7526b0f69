import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, hasMessage, installMessages, pickLocale, translate, platformMessages } from './messages.ts';

// Modules bring their messages through their manifests; these tests install a stand-in module's.
beforeAll(() =>
  installMessages({
    en: { 'entity.widget': 'Widget', 'widget.inUse': 'The widget is still used by {count} gadgets' },
    'zh-CN': { 'entity.widget': '小部件', 'widget.inUse': '该小部件仍被 {count} 个设备使用' },
  }),
);

describe('pickLocale', () => {
  it('defaults to zh-CN without a header or with no supported language', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN');
    expect(pickLocale(undefined)).toBe('zh-CN');
    expect(pickLocale('')).toBe('zh-CN');
    expect(pickLocale('fr-FR,de;q=0.8')).toBe('zh-CN');
  });

  it('maps language variants', () => {
    expect(pickLocale('en-US')).toBe('en');
    expect(pickLocale('EN-gb')).toBe('en');
    expect(pickLocale('zh-TW')).toBe('zh-CN');
    expect(pickLocale('zh-Hans-CN')).toBe('zh-CN');
  });

  it('follows q-values rather than order', () => {
    expect(pickLocale('zh-CN;q=0.5,en;q=0.9')).toBe('en');
    expect(pickLocale('en;q=0.4, zh;q=0.8')).toBe('zh-CN');
    expect(pickLocale('fr;q=1, en;q=0.3, zh;q=0.2')).toBe('en');
  });

  it('keeps order among equal q-values, q defaulting to 1', () => {
    expect(pickLocale('en, zh-CN')).toBe('en');
    expect(pickLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale('en;q=1,zh')).toBe('en');
  });

  it('never picks a language marked not acceptable with q=0 (RFC 9110)', () => {
    expect(pickLocale('en;q=0')).toBe('zh-CN');
    expect(pickLocale('en;q=0, zh;q=0')).toBe('zh-CN');
    expect(pickLocale('zh;q=0, en;q=0.1')).toBe('en');
  });

  it('skips entries with a malformed q-value', () => {
    expect(pickLocale('en;q=abc, zh;q=0.1')).toBe('zh-CN');
  });
});

describe('translate', () => {
  it('gives the message in each language', () => {
    expect(translate('en', 'FORBIDDEN')).toBe('You do not have permission to do this');
    expect(translate('zh-CN', 'FORBIDDEN')).toBe('您没有执行此操作的权限');
  });

  it('fills parameters', () => {
    expect(translate('en', 'widget.inUse', { count: 3 })).toBe('The widget is still used by 3 gadgets');
    expect(translate('zh-CN', 'widget.inUse', { count: 2 })).toBe('该小部件仍被 2 个设备使用');
    expect(translate('en', 'ACCOUNT_LOCKED', { minutes: 7 })).toContain('try again in 7 minutes');
  });

  it('translates entity names given as parameters', () => {
    expect(translate('en', 'NOT_FOUND', { entity: 'widget' })).toBe('Widget not found');
    expect(translate('zh-CN', 'NOT_FOUND', { entity: 'widget' })).toBe('小部件不存在');
    expect(translate('zh-CN', 'NOT_FOUND', { entity: 'route' })).toBe('页面不存在');
  });

  it('shows an unknown entity as given and leaves a missing parameter visible', () => {
    expect(translate('en', 'NOT_FOUND', { entity: 'gadget' })).toBe('gadget not found');
    expect(translate('en', 'NOT_FOUND')).toBe('{entity} not found');
  });

  it('returns an unknown key as the literal message', () => {
    expect(translate('zh-CN', 'Invalid cursor')).toBe('Invalid cursor');
    expect(hasMessage('Invalid cursor')).toBe(false);
    expect(hasMessage('validation.required')).toBe(true);
    expect(hasMessage('widget.inUse')).toBe(true);
  });
});

describe('the platform catalogue', () => {
  it('has the same keys in both languages', () => {
    expect(Object.keys(platformMessages['zh-CN']).sort()).toEqual(Object.keys(platformMessages.en).sort());
  });
});
