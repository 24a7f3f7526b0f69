import type { Locale } from '../../../contracts/auth.ts';
import type { MessageParams } from '../errors.ts';
import type { MessageCatalogue } from '../modules/manifest.ts';

/**
 * The platform's own server messages: the error codes and what platform code reports (validation
 * of shared schemas, passwords, spreadsheets, paging). Keys are error codes or `area.reason`; each
 * module brings its own in its manifest, and the app installs them all with `installMessages`.
 */
export const platformMessages = {
  en: {
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
    'entity.route': 'Page',
    'entity.setting': 'Setting',
    'validation.divisionCode': 'A 6-digit division code',
    'validation.required': 'Required',
    'password.tooShort': 'At least {min} characters',
    'password.tooLong': 'At most {max} characters',
    'password.needsLetterAndDigit': 'Must contain both letters and digits',
    'password.containsUsername': 'Must not contain the username',
    'password.common': 'This password is too common; choose another',
    'auth.sessionRequired': 'This needs an interactive login; an API token cannot do it',
    'auth.tokenReadOnly': 'This API token is read-only (GET and HEAD requests only)',
    'access.sensitiveWrite': 'Your role may not write this sensitive field',
    'pagination.invalidCursor': 'Invalid page cursor; start again from the first page',
    'tabular.unsupportedType': 'This file is not a spreadsheet; upload an .xlsx or .csv file',
    'tabular.xlsNotSupported': 'Old .xls files and password-protected workbooks cannot be read; save the file as .xlsx without a password',
    'tabular.fileTooLarge': 'The file is too large (at most {maxMegabytes} MB)',
    'tabular.tooManyRows': 'The file has more than {maxRows} rows; split it into smaller files',
    'tabular.badEncoding': 'The text encoding of the file could not be recognised; save it as "CSV UTF-8" or as .xlsx',
    'tabular.malformedCsv': 'The CSV file is malformed near row {row} (a quote that is never closed?)',
    'tabular.unreadableXlsx': 'The .xlsx file is damaged or not a workbook; open it in Excel and save it again',
    'tabular.noHeader': 'The file has no header row',
    PAYLOAD_TOO_LARGE: 'The request is too large',
    'validation.fenInteger': 'Amounts are whole fen (分)',
    'validation.quantityDecimals': 'At most 3 decimals',
    'validation.percentDecimals': 'At most 2 decimals',
    'money.tooLarge': 'The amount is too large',
    'validation.rangeOrder': 'The start must not be after the end',
    'validation.month': 'A month as YYYY-MM',
    'validation.dateRange': 'A date between 1900 and 2200',
    'validation.nulCharacter': 'Contains a NUL character (U+0000), which text cannot hold',
    'validation.malformedUnicode': 'Contains malformed Unicode (a lone surrogate)',
    'validation.positiveAmount': 'The amount must be more than zero',
  },
  'zh-CN': {
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
    'entity.route': '页面',
    'entity.setting': '系统设置',
    'validation.divisionCode': '6 位行政区划代码',
    'validation.required': '必填',
    'password.tooShort': '至少 {min} 个字符',
    'password.tooLong': '最多 {max} 个字符',
    'password.needsLetterAndDigit': '必须同时包含字母和数字',
    'password.containsUsername': '不能包含用户名',
    'password.common': '密码过于常见，请换一个',
    'auth.sessionRequired': '此操作需要登录后在页面上进行，API 令牌不能执行',
    'auth.tokenReadOnly': '此 API 令牌为只读（只允许 GET 和 HEAD 请求）',
    'access.sensitiveWrite': '您的角色无权填写此敏感字段',
    'pagination.invalidCursor': '分页游标无效，请从第一页重新开始',
    'tabular.unsupportedType': '该文件不是电子表格，请上传 .xlsx 或 .csv 文件',
    'tabular.xlsNotSupported': '无法读取旧版 .xls 文件或带密码的工作簿，请另存为无密码的 .xlsx 后再上传',
    'tabular.fileTooLarge': '文件过大（最多 {maxMegabytes} MB）',
    'tabular.tooManyRows': '文件超过 {maxRows} 行，请拆分后分批导入',
    'tabular.badEncoding': '无法识别文件的文字编码，请另存为“CSV UTF-8”或 .xlsx 格式',
    'tabular.malformedCsv': 'CSV 文件第 {row} 行附近格式有误（可能有未闭合的引号）',
    'tabular.unreadableXlsx': '.xlsx 文件已损坏或不是工作簿，请用 Excel 打开后重新保存',
    'tabular.noHeader': '文件中没有表头行',
    PAYLOAD_TOO_LARGE: '请求内容过大',
    'validation.fenInteger': '金额须精确到分',
    'validation.quantityDecimals': '最多 3 位小数',
    'validation.percentDecimals': '最多 2 位小数',
    'money.tooLarge': '金额过大',
    'validation.rangeOrder': '开始不能晚于结束',
    'validation.month': '月份格式为 YYYY-MM',
    'validation.dateRange': '日期须在 1900 年至 2200 年之间',
    'validation.nulCharacter': '包含空字符（U+0000），无法保存为文本',
    'validation.malformedUnicode': '包含无效的 Unicode 字符（孤立代理项）',
    'validation.positiveAmount': '金额须大于零',
  },
} satisfies MessageCatalogue;

let catalogues: Record<Locale, Readonly<Record<string, string>>> = { en: platformMessages.en, 'zh-CN': platformMessages['zh-CN'] };

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

/**
 * Installs the assembled catalogue (the platform's and every module's messages) for this process.
 * Until then only the platform's messages are known.
 */
export function installMessages(messages: MessageCatalogue): void {
  catalogues = { en: { ...platformMessages.en, ...messages.en }, 'zh-CN': { ...platformMessages['zh-CN'], ...messages['zh-CN'] } };
}

export function hasMessage(key: string): boolean {
  return key in catalogues.en;
}

export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const template = catalogues[locale][key] ?? catalogues.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    // Entity names are themselves catalogue keys ("user" → "entity.user").
    if (name === 'entity') return catalogues[locale][`entity.${value}`] ?? String(value);
    return String(value);
  });
}
