import { DEFAULT_COMPANY_PROFILE, QUOTE_TRANSITIONS, type CompanyProfile } from '../../../contracts/quotes.ts';
import type { QuoteStatus } from '../../../contracts/sales.ts';
import { formatPhone, normalisePhone } from '../customers/index.ts';

/**
 * The rules of a quote's life, pure: which status may follow which, what a step stamps, and the
 * amount in Chinese capital numerals (大写金额) printed on the PDF.
 */

export type TransitionResult =
  | { ok: true; stamp: { sentAt?: Date; decidedAt?: Date } }
  | { ok: false; key: 'quote.transition' | 'quote.pastValidity'; allowed: readonly QuoteStatus[] };

/**
 * May a quote in `from` go to `to` today? `today` and `validUntil` are dates (YYYY-MM-DD) in the
 * business time zone: a sent quote can be accepted on its last valid day, not after (the expiry
 * job would turn it expired that night anyway).
 */
export function quoteTransition(from: QuoteStatus, to: QuoteStatus, at: { now: Date; today: string; validUntil: string }): TransitionResult {
  const allowed = QUOTE_TRANSITIONS[from];
  if (!allowed.includes(to)) return { ok: false, key: 'quote.transition', allowed };
  if ((to === 'accepted' || to === 'sent') && at.validUntil < at.today) return { ok: false, key: 'quote.pastValidity', allowed: allowed.filter((s) => s !== 'accepted' && s !== 'sent') };
  switch (to) {
    case 'sent':
      return { ok: true, stamp: { sentAt: at.now } };
    case 'accepted':
    case 'rejected':
      return { ok: true, stamp: { decidedAt: at.now } };
    default:
      return { ok: true, stamp: {} };
  }
}

/** Only drafts are edited: a sent quote is what the customer has. */
export function quoteEditable(status: QuoteStatus): boolean {
  return status === 'draft';
}

/** A sent quote is expired once its last valid day is over. */
export function quoteExpired(status: QuoteStatus, validUntil: string, today: string): boolean {
  return status === 'sent' && validUntil < today;
}


const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const IN_GROUP = ['仟', '佰', '拾', ''];
const GROUPS = ['', '万', '亿', '万亿'];

/**
 * 大写金额, as on Chinese invoices and cheques: 1234567 fen → 壹万贰仟叁佰肆拾伍元陆角柒分.
 * - whole yuan end in 元整 (零元整 for nothing); 角 and 分 follow without 整;
 * - a run of zeros inside the yuan is one 零 (1,004 元 → 壹仟零肆元整, 1 亿零 1 万 → 壹亿零壹万元整);
 *   zeros at the end of a 万 or 亿 group are carried by its unit (1,205,000 → 壹佰贰拾万伍仟元整);
 * - 10 元 is 壹拾元整 (the 壹 is written, as banks require);
 * - a missing 角 between yuan and fen is 零 (1.05 → 壹元零伍分);
 * - a negative amount starts with 负.
 */
export function chineseCapitalAmount(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
  if (fen < 0) return `负${chineseCapitalAmount(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;

  let out = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10_000)) groups.unshift(rest % 10_000);
    let zero = false;
    groups.forEach((group, gi) => {
      const unit = GROUPS[groups.length - 1 - gi] ?? '';
      if (group === 0) {
        zero = out !== '';
        return;
      }
      const digits = String(group).padStart(4, '0');
      for (let i = 0; i < 4; i++) {
        const d = Number(digits[i]);
        if (d === 0) {
          if (out !== '') zero = true;
          continue;
        }
        if (zero) out += '零';
        zero = false;
        out += `${DIGITS[d]}${IN_GROUP[i]}`;
      }
      out += unit;
      // Zeros at the end of a group are carried by its unit (…万伍仟, not …万零伍仟).
      zero = false;
    });
    out += '元';
  }
  if (jiao === 0 && cents === 0) return yuan > 0 ? `${out}整` : '零元整';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return out;
}

/**
 * A phone as printed on a quote: Chinese numbers in their national form, as people here write
 * them (`136 1111 4444`, `010 8888 6666`, an extension as ` 转 123`), whether stored as E.164 or
 * as typed (users' and the company's phones are free text); other countries' numbers
 * internationally (`+852 2123 4567`); what is not a whole phone number (a landline without its
 * area code) exactly as typed.
 */
export function printedPhone(raw: string): string {
  const text = raw.trim();
  if (!text) return '';
  const parsed = normalisePhone(text);
  return parsed.ok ? formatPhone(parsed.e164, parsed.extension) : text;
}

/**
 * Whether 公司信息 still lacks the company: never saved, or saved as it came (the name “Kehu”,
 * nothing else). The letterhead of every quote then reads “Kehu”.
 */
export function companyProfileMissing(saved: CompanyProfile | null): boolean {
  if (!saved) return true;
  const d = DEFAULT_COMPANY_PROFILE;
  return saved.name.trim() === d.name && !saved.address.trim() && !saved.phone.trim() && !saved.email.trim();
}

export interface QuoteMailFacts {
  number: string;
  title: string;
  /** The total as printed (¥56,667.60). */
  total: string;
  validUntil: string;
  companyName: string;
  contactName: string | null;
  ownerName: string | null;
  ownerPhone: string | null;
  ownerEmail: string | null;
}

/**
 * The subject and text a quote is mailed with, unless the sender changes them: the number, the
 * title, the total and the validity (dates as the UI writes them, 2026-12-06), signed with the
 * owner's name, phone (printedPhone) and e-mail and the company.
 */
export function quoteMailDraft(f: QuoteMailFacts): { subject: string; message: string } {
  const subject = `报价单 ${f.number}：${f.title}（${f.companyName}）`;
  const greeting = f.contactName ? `${f.contactName}，您好：` : '您好：';
  const signature = [f.ownerName, f.ownerPhone ? `电话：${printedPhone(f.ownerPhone)}` : null, f.ownerEmail ? `邮箱：${f.ownerEmail}` : null, f.companyName].filter((x): x is string => !!x);
  const message = [
    greeting,
    '',
    `附件是${f.companyName}为您准备的报价单 ${f.number}（${f.title}），合计 ${f.total}，有效期至 ${f.validUntil}。`,
    '如有任何问题，欢迎随时与我联系。',
    '',
    '此致',
    '敬礼',
    '',
    ...signature,
  ].join('\n');
  return { subject, message };
}

/**
 * Who gets a copy of a mailed quote: the owner, when asked, when they have an address, and when
 * it is not the recipient's own (nobody gets the same mail twice).
 */
export function quoteMailCc(ownerEmail: string | null, to: string, ccOwner: boolean): string[] {
  const cc = ownerEmail?.trim();
  if (!ccOwner || !cc) return [];
  return cc.toLowerCase() === to.trim().toLowerCase() ? [] : [cc];
}
