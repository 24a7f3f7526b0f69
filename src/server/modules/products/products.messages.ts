import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The products module's server messages (error details and the texts it writes). */
export const productsMessages = {
  en: {
    'entity.product': 'Product',
    'validation.sku': 'Letters, digits, dot, slash, underscore and hyphen, starting with a letter or digit',
    'product.skuTaken': 'This SKU is already used by “{name}”',
    'product.skuInUse': 'The SKU is printed on quotes or orders already: it cannot change',
    'product.inUse': '“{name}” is on opportunities, quotes or orders: retire it instead of deleting it',
    'product.retired': '“{name}” is retired and cannot be put on new lines',
    'product.currencyMismatch': 'The product is priced in {productCurrency}, the document in {currency}: enter the unit price',
  },
  'zh-CN': {
    'entity.product': '产品',
    'validation.sku': '只能包含字母、数字、点、斜杠、下划线和连字符，以字母或数字开头',
    'product.skuTaken': '该产品编码已被“{name}”使用',
    'product.skuInUse': '该产品编码已出现在报价单或订单上，不能修改',
    'product.inUse': '“{name}”已用于商机、报价单或订单，不能删除，请改为停售',
    'product.retired': '“{name}”已停售，不能用于新的明细行',
    'product.currencyMismatch': '产品以 {productCurrency} 定价，单据币种为 {currency}：请填写单价',
  },
} satisfies MessageCatalogue;
