import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The numbering module's server messages (error details and the texts it writes). */
export const numberingMessages = {
  en: {
    'numbering.empty': 'Enter a pattern',
    'numbering.too_long': 'At most {max} characters',
    'numbering.invalid_character': '“{char}” at position {position} is not allowed: use letters, digits, - _ / and placeholders',
    'numbering.unbalanced_brace': 'The brace at position {position} is not closed or not opened',
    'numbering.unknown_token': 'Unknown placeholder {token}; allowed: {allowed}',
    'numbering.bad_seq_width': '{token}: the sequence width must be a number from 1 to {max}, e.g. {seq:3}',
    'numbering.missing_seq': 'The pattern must contain a sequence placeholder such as {seq:3}',
    'numbering.multiple_seq': 'Only one sequence placeholder is allowed (another at position {position})',
    'numbering.industryCodeNotForLeads': 'Leads have no industry, so {industryCode} cannot be used; allowed: {allowed}',
    'numbering.industryCodeNotForDocuments': 'Quotes, orders and contracts have no industry: use {allowed}',
  },
  'zh-CN': {
    'numbering.empty': '请输入编号规则',
    'numbering.too_long': '最多 {max} 个字符',
    'numbering.invalid_character': '第 {position} 个字符“{char}”不允许使用：只能用字母、数字、- _ / 和占位符',
    'numbering.unbalanced_brace': '第 {position} 个字符处的花括号不成对',
    'numbering.unknown_token': '未知占位符 {token}，可用：{allowed}',
    'numbering.bad_seq_width': '{token}：流水号位数应为 1 到 {max} 的数字，例如 {seq:3}',
    'numbering.missing_seq': '编号规则必须包含流水号占位符，例如 {seq:3}',
    'numbering.multiple_seq': '只能有一个流水号占位符（第 {position} 个字符处又出现了一个）',
    'numbering.industryCodeNotForLeads': '线索没有所属行业，不能使用 {industryCode}；可用：{allowed}',
    'numbering.industryCodeNotForDocuments': '报价单、订单和合同没有行业，请使用 {allowed}',
  },
} satisfies MessageCatalogue;
