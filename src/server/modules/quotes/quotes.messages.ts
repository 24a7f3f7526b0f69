import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The quotes module's server messages (error details and the texts it writes). */
export const quotesMessages = {
  en: {
    'entity.quote': 'Quote',
    'quote.transition': 'A quote cannot go from {from} to {to}; allowed: {allowed}',
    'quote.pastValidity': 'The quote was valid until {validUntil}: it can no longer be sent or accepted; change the validity of a draft, or make a new quote',
    'quote.notEditable': 'Quote {number} is {status}: only drafts can be changed; make a new quote',
    'quote.notDeletable': 'Quote {number} is {status}: only drafts can be deleted',
    'quote.opportunityLost': 'The opportunity “{name}” is lost: no new quotes',
    'quote.validUntilBeforeQuoteDate': 'The validity cannot end before the quote date ({quoteDate})',
    'quote.itemsRequired': 'The opportunity has no line items: enter the lines of the quote',
    'quote.contactRequired': 'Choose the contact the quote is sent to',
    'quote.contactNoEmail': 'The contact “{name}” has no e-mail address: add it to the contact, or choose another contact',
  },
  'zh-CN': {
    'entity.quote': '报价单',
    'quote.transition': '报价单不能从 {from} 变为 {to}，可变为：{allowed}',
    'quote.pastValidity': '报价单有效期至 {validUntil}，已不能发送或接受：草稿可修改有效期，否则请重新报价',
    'quote.notEditable': '报价单 {number} 的状态为 {status}：只有草稿可以修改，请重新报价',
    'quote.notDeletable': '报价单 {number} 的状态为 {status}：只有草稿可以删除',
    'quote.opportunityLost': '商机“{name}”已输单，不能再报价',
    'quote.validUntilBeforeQuoteDate': '有效期不能早于报价日期（{quoteDate}）',
    'quote.itemsRequired': '该商机没有产品明细，请填写报价明细',
    'quote.contactRequired': '请选择接收报价单的联系人',
    'quote.contactNoEmail': '联系人“{name}”没有邮箱地址：请先在联系人资料中补充邮箱，或选择其他联系人',
  },
} satisfies MessageCatalogue;
