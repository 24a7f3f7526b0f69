import { QUOTE_TRANSITIONS } from '../../../contracts/quotes.ts';
import type { QuoteStatus } from '../../../contracts/sales.ts';

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
