import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The orders module's server messages (error details and the texts it writes). */
export const ordersMessages = {
  en: {
    'entity.order': 'Order',
    'order.transition': 'An order cannot go from {from} to {to}; allowed: {allowed}',
    'order.paidByPayments': 'An order becomes paid when its payments cover the total: record a payment (allowed now: {allowed})',
    'order.paymentNotAllowed': 'Payments are recorded on confirmed orders (this one is {status})',
    'order.overpayment': 'More than is outstanding ({outstanding})',
    'order.notEditable': 'Lines, contact and address change only while the order is created (this one is {status})',
    'order.notDeletable': 'Only a created order can be deleted (this one is {status}): cancel it instead',
    'order.oneSource': 'An order comes from an opportunity or a quote, not both',
    'order.opportunityNotWon': 'The opportunity “{name}” is not won: only a won opportunity becomes an order',
    'order.quoteNotAccepted': 'Quote {number} is {status}: only an accepted quote becomes an order',
    'order.customerMismatch': 'The customer is not the one of the opportunity or quote',
    'order.quoteUsed': 'Quote {number} already became order {order}',
    'order.currencyOfSource': 'The copied lines are in {currency}: keep that currency or enter the lines',
    'order.afterSales.title': 'After-sales call: order {number}',
    'order.afterSales.description': 'Order {number} was delivered: call the customer about the delivery and how it is going.',
  },
  'zh-CN': {
    'entity.order': '订单',
    'order.transition': '订单状态不能从 {from} 变为 {to}，可变为：{allowed}',
    'order.paidByPayments': '回款覆盖订单总额后订单自动变为已付款：请登记回款（当前可变为：{allowed}）',
    'order.paymentNotAllowed': '只有已确认的订单可以登记回款（当前状态：{status}）',
    'order.overpayment': '超过未付金额（{outstanding}）',
    'order.notEditable': '订单确认后不能再修改明细、联系人和收货地址（当前状态：{status}）',
    'order.notDeletable': '只有新建状态的订单可以删除（当前状态：{status}），请改为取消订单',
    'order.oneSource': '订单只能来自一个商机或一张报价单',
    'order.opportunityNotWon': '商机“{name}”尚未赢单，只有赢单的商机可以生成订单',
    'order.quoteNotAccepted': '报价单 {number} 的状态为 {status}，只有已接受的报价单可以生成订单',
    'order.customerMismatch': '客户与商机或报价单的客户不一致',
    'order.quoteUsed': '报价单 {number} 已生成订单 {order}',
    'order.currencyOfSource': '复制的明细以 {currency} 计价：请保持该币种或重新填写明细',
    'order.afterSales.title': '售后回访：订单 {number}',
    'order.afterSales.description': '订单 {number} 已签收，回访客户了解收货与使用情况。',
  },
} satisfies MessageCatalogue;
