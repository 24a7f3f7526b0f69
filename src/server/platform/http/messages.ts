import type { Locale } from '../../../contracts/auth.ts';
import type { MessageParams } from '../errors.ts';

type Catalogue = Record<string, string>;

/** Server-side messages in both languages. Keys are error codes or `area.reason`. */
const en: Catalogue = {
  VALIDATION_FAILED: 'Some fields are invalid',
  UNAUTHENTICATED: 'Please log in',
  INVALID_CREDENTIALS: 'Wrong username or password',
  FORBIDDEN: 'You do not have permission to do this',
  CSRF_FAILED: 'Security token missing or invalid; reload the page and try again',
  PASSWORD_CHANGE_REQUIRED: 'You must change your password before continuing',
  ACCOUNT_DISABLED: 'This account is disabled; contact your administrator',
  NOT_FOUND: '{entity} not found',
  VERSION_CONFLICT: 'Someone else changed this record; reload it and try again',
  DUPLICATE: 'This record already exists',
  BUSINESS_RULE: 'This action is not allowed',
  ACCOUNT_LOCKED: 'Too many failed login attempts; the account is locked, try again in {minutes} minutes',
  RATE_LIMITED: 'Too many requests; slow down',
  INTERNAL: 'Something went wrong on the server',
  UNAVAILABLE: 'The service is not ready',
  'entity.user': 'User',
  'entity.department': 'Department',
  'entity.role': 'Role',
  'entity.token': 'API token',
  'entity.route': 'Page',
  'entity.auditEntry': 'Audit entry',
  'entity.view': 'Saved view',
  'entity.industry': 'Industry',
  'entity.customer': 'Customer',
  'entity.contact': 'Contact',
  'entity.lead': 'Lead',
  'pool.alreadyTaken': 'Someone else has just claimed this customer',
  'pool.dailyLimit': 'You have claimed {limit} customers from the pool today, the daily limit',
  'pool.maxOwned': 'You already own {limit} customers, the most one person may hold',
  'lead.converted': 'The lead has been converted; it can no longer change',
  'lead.notQualified': 'Only a qualified lead can be converted (this one is {status})',
  'lead.convertThroughConversion': 'A lead becomes converted by converting it into a customer',
  'lead.transition': 'A lead cannot go from {from} to {to}; allowed: {allowed}',
  'phone.empty': 'Required',
  'phone.not_a_number': 'Not a phone number',
  'phone.invalid_country': 'Unknown country code',
  'phone.too_short': 'Too short for a phone number',
  'phone.too_long': 'Too long for a phone number',
  'phone.invalid': 'Not a valid phone number',
  'customer.duplicate': 'This customer seems to exist already; check the candidates, or create it anyway with a reason',
  'customer.duplicateCreditCode': 'A customer with this unified social credit code already exists',
  'customer.mergeSelf': 'A customer cannot be merged into itself',
  'customer.mergedInto': 'This customer was merged into another customer',
  'numbering.empty': 'Enter a pattern',
  'numbering.too_long': 'At most {max} characters',
  'numbering.invalid_character': '“{char}” at position {position} is not allowed: use letters, digits, - _ / and placeholders',
  'numbering.unbalanced_brace': 'The brace at position {position} is not closed or not opened',
  'numbering.unknown_token': 'Unknown placeholder {token}; allowed: {allowed}',
  'numbering.bad_seq_width': '{token}: the sequence width must be a number from 1 to {max}, e.g. {seq:3}',
  'numbering.missing_seq': 'The pattern must contain a sequence placeholder such as {seq:3}',
  'numbering.multiple_seq': 'Only one sequence placeholder is allowed (another at position {position})',
  'numbering.industryCodeNotForLeads': 'Leads have no industry, so {industryCode} cannot be used; allowed: {allowed}',
  'creditCode.empty': 'Required',
  'creditCode.length': 'A unified social credit code has 18 characters',
  'creditCode.character': 'Contains a character a unified social credit code cannot have (I, O, S, V, Z or a symbol)',
  'creditCode.authority': 'The first character is not a valid registration authority',
  'creditCode.institution_type': 'The second character is not a valid institution type for this authority',
  'creditCode.division': 'Characters 3 to 8 are not a valid administrative division code',
  'creditCode.checksum': 'The check character does not match: the code is mistyped',
  'validation.divisionPath': 'Choose province, city and district that belong together',
  'validation.divisionCode': 'A 6-digit division code',
  'entity.tag': 'Tag',
  'duplicate.industryCode': 'An industry with this code already exists',
  'duplicate.tagName': 'A tag with this name already exists',
  'duplicate.viewName': 'You already have a view with this name for this list',
  'view.shareNeedsScope': 'Only users who see more than their own records may share views',
  'validation.required': 'Required',
  'validation.username': 'Only letters, digits, dot, underscore and hyphen',
  'password.tooShort': 'At least {min} characters',
  'password.tooLong': 'At most {max} characters',
  'password.needsLetterAndDigit': 'Must contain both letters and digits',
  'password.containsUsername': 'Must not contain the username',
  'password.common': 'This password is too common; choose another',
  'password.sameAsCurrent': 'Must differ from the current password',
  'password.currentWrong': 'The current password is wrong',
  'duplicate.username': 'This username is already taken',
  'duplicate.email': 'This email is already used by another user',
  'duplicate.departmentName': 'A department with this name already exists at this level',
  'duplicate.roleName': 'A role with this name already exists',
  'department.hasChildren': 'The department has sub-departments; move or delete them first',
  'department.hasUsers': 'The department still has {count} users; move them first',
  'department.cycle': 'A department cannot be placed under itself or one of its sub-departments',
  'role.builtinDelete': 'Built-in roles cannot be deleted',
  'role.inUse': 'The role is still assigned to {count} users',
  'role.adminImmutable': 'The permissions, data scope and sensitive-field right of the admin role cannot be changed',
  'role.escalation': 'You cannot grant permissions, a data scope or rights that you do not have yourself',
  'user.deleteSelf': 'You cannot delete or disable your own account',
  'user.lastAdmin': 'At least one active administrator must remain',
  'user.outOfScope': 'Outside your data scope',
  'pagination.invalidCursor': 'Invalid page cursor; start again from the first page',
  'tabular.unsupportedType': 'This file is not a spreadsheet; upload an .xlsx or .csv file',
  'tabular.xlsNotSupported': 'Old .xls files and password-protected workbooks cannot be read; save the file as .xlsx without a password',
  'tabular.fileTooLarge': 'The file is too large (at most {maxMegabytes} MB)',
  'tabular.tooManyRows': 'The file has more than {maxRows} rows; split it into smaller files',
  'tabular.badEncoding': 'The text encoding of the file could not be recognised; save it as "CSV UTF-8" or as .xlsx',
  'tabular.malformedCsv': 'The CSV file is malformed near row {row} (a quote that is never closed?)',
  'tabular.unreadableXlsx': 'The .xlsx file is damaged or not a workbook; open it in Excel and save it again',
  'tabular.noHeader': 'The file has no header row',
};

const zhCN: Catalogue = {
  VALIDATION_FAILED: '输入有误，请检查标出的字段',
  UNAUTHENTICATED: '请先登录',
  INVALID_CREDENTIALS: '用户名或密码错误',
  FORBIDDEN: '您没有执行此操作的权限',
  CSRF_FAILED: '安全令牌缺失或无效，请刷新页面后重试',
  PASSWORD_CHANGE_REQUIRED: '请先修改密码再继续',
  ACCOUNT_DISABLED: '该账号已停用，请联系管理员',
  NOT_FOUND: '{entity}不存在',
  VERSION_CONFLICT: '该记录已被他人修改，请刷新后重试',
  DUPLICATE: '该记录已存在',
  BUSINESS_RULE: '不允许执行此操作',
  ACCOUNT_LOCKED: '登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  INTERNAL: '服务器内部错误',
  UNAVAILABLE: '服务尚未就绪',
  'entity.user': '用户',
  'entity.department': '部门',
  'entity.role': '角色',
  'entity.token': 'API 令牌',
  'entity.route': '页面',
  'entity.auditEntry': '日志',
  'entity.view': '视图',
  'entity.industry': '行业',
  'entity.customer': '客户',
  'entity.contact': '联系人',
  'entity.lead': '线索',
  'pool.alreadyTaken': '该客户刚刚已被他人领取',
  'pool.dailyLimit': '今天已从公海领取 {limit} 个客户，达到每日上限',
  'pool.maxOwned': '您已拥有 {limit} 个客户，达到个人持有上限',
  'lead.converted': '该线索已转化，不能再修改',
  'lead.notQualified': '只有“已确认”的线索才能转化（当前状态：{status}）',
  'lead.convertThroughConversion': '请通过“转化为客户”来完成线索转化',
  'lead.transition': '线索状态不能从 {from} 变为 {to}，可变为：{allowed}',
  'phone.empty': '必填',
  'phone.not_a_number': '不是电话号码',
  'phone.invalid_country': '国家/地区代码无效',
  'phone.too_short': '号码位数太少',
  'phone.too_long': '号码位数太多',
  'phone.invalid': '不是有效的电话号码',
  'customer.duplicate': '该客户可能已存在，请查看疑似重复的客户，或填写原因后仍然创建',
  'customer.duplicateCreditCode': '已有客户使用该统一社会信用代码',
  'customer.mergeSelf': '不能把客户合并到它自己',
  'customer.mergedInto': '该客户已被合并到另一个客户',
  'numbering.empty': '请输入编号规则',
  'numbering.too_long': '最多 {max} 个字符',
  'numbering.invalid_character': '第 {position} 个字符“{char}”不允许使用：只能用字母、数字、- _ / 和占位符',
  'numbering.unbalanced_brace': '第 {position} 个字符处的花括号不成对',
  'numbering.unknown_token': '未知占位符 {token}，可用：{allowed}',
  'numbering.bad_seq_width': '{token}：流水号位数应为 1 到 {max} 的数字，例如 {seq:3}',
  'numbering.missing_seq': '编号规则必须包含流水号占位符，例如 {seq:3}',
  'numbering.multiple_seq': '只能有一个流水号占位符（第 {position} 个字符处又出现了一个）',
  'numbering.industryCodeNotForLeads': '线索没有所属行业，不能使用 {industryCode}；可用：{allowed}',
  'creditCode.empty': '必填',
  'creditCode.length': '统一社会信用代码应为 18 位',
  'creditCode.character': '包含统一社会信用代码不会使用的字符（I、O、S、V、Z 或符号）',
  'creditCode.authority': '第 1 位登记管理部门代码无效',
  'creditCode.institution_type': '第 2 位机构类别代码与登记管理部门不符',
  'creditCode.division': '第 3～8 位行政区划码无效',
  'creditCode.checksum': '校验位不符，代码可能输错了',
  'validation.divisionPath': '请选择相互对应的省、市、区县',
  'validation.divisionCode': '6 位行政区划代码',
  'entity.tag': '标签',
  'duplicate.industryCode': '已有相同代码的行业',
  'duplicate.tagName': '已有同名标签',
  'duplicate.viewName': '该列表下已有同名视图',
  'view.shareNeedsScope': '只有数据范围大于“本人”的用户才能共享视图',
  'validation.required': '必填',
  'validation.username': '只能包含字母、数字、点、下划线和连字符',
  'password.tooShort': '至少 {min} 个字符',
  'password.tooLong': '最多 {max} 个字符',
  'password.needsLetterAndDigit': '必须同时包含字母和数字',
  'password.containsUsername': '不能包含用户名',
  'password.common': '密码过于常见，请换一个',
  'password.sameAsCurrent': '新密码不能与当前密码相同',
  'password.currentWrong': '当前密码不正确',
  'duplicate.username': '该用户名已被使用',
  'duplicate.email': '该邮箱已被其他用户使用',
  'duplicate.departmentName': '同一层级下已有同名部门',
  'duplicate.roleName': '已有同名角色',
  'department.hasChildren': '该部门下还有子部门，请先移动或删除子部门',
  'department.hasUsers': '该部门下还有 {count} 名用户，请先调整他们的部门',
  'department.cycle': '部门不能移动到自身或其下级部门之下',
  'role.builtinDelete': '内置角色不能删除',
  'role.inUse': '该角色仍分配给 {count} 名用户',
  'role.adminImmutable': '管理员角色的权限、数据范围和敏感字段权限不能修改',
  'role.escalation': '不能授予超出您自身的权限、数据范围或敏感字段权限',
  'user.deleteSelf': '不能删除或停用自己的账号',
  'user.lastAdmin': '至少需要保留一名启用状态的管理员',
  'user.outOfScope': '超出您的数据范围',
  'pagination.invalidCursor': '分页游标无效，请从第一页重新开始',
  'tabular.unsupportedType': '该文件不是电子表格，请上传 .xlsx 或 .csv 文件',
  'tabular.xlsNotSupported': '无法读取旧版 .xls 文件或带密码的工作簿，请另存为无密码的 .xlsx 后再上传',
  'tabular.fileTooLarge': '文件过大（最多 {maxMegabytes} MB）',
  'tabular.tooManyRows': '文件超过 {maxRows} 行，请拆分后分批导入',
  'tabular.badEncoding': '无法识别文件的文字编码，请另存为“CSV UTF-8”或 .xlsx 格式',
  'tabular.malformedCsv': 'CSV 文件第 {row} 行附近格式有误（可能有未闭合的引号）',
  'tabular.unreadableXlsx': '.xlsx 文件已损坏或不是工作簿，请用 Excel 打开后重新保存',
  'tabular.noHeader': '文件中没有表头行',
};

const catalogues: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN };

export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Picks zh-CN or en from an Accept-Language header (first supported language wins). */
export function pickLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const langs = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    // q=0 means "not acceptable" (RFC 9110, 12.4.2).
    .filter((l) => l.tag && !Number.isNaN(l.q) && l.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of langs) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}

export function hasMessage(key: string): boolean {
  return key in en;
}

export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const template = catalogues[locale][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    // Entity names are themselves catalogue keys ("user" → "entity.user").
    if (name === 'entity') return catalogues[locale][`entity.${value}`] ?? String(value);
    return String(value);
  });
}
