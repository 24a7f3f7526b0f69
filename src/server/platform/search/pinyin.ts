/**
 * Pinyin search keys for Chinese names, so the search box finds 北京科技有限公司 by `beijingkeji`
 * or `bjkj`. The keys are computed when a record is saved and stored beside it (e.g.
 * customers.name_pinyin / name_initials); a search compares the query with them
 * (`matchesPinyin`, or the SQL it mirrors).
 *
 * Readings come from `pinyin-pro`, which picks a polyphone's reading from the word it is in
 * (重庆 chongqing, 银行 yinhang, 长沙 changsha, 厦门 xiamen). Its word segmentation is tuned for
 * prose, not names, so a few corrections are registered below.
 */
import { customPinyin, pinyin } from 'pinyin-pro';

/**
 * Corrections for names. Company names start with a place, and prose segmentation then reads
 * 广州长隆 as 广 + 州长 (governor) + 隆 and 上海市长宁区 as 上海 + 市长 (mayor) + 宁区: in names,
 * 州长 and 市长 are almost always a place followed by a word starting with 长 (cháng). Bank
 * branches (分行, 支行) are read with xíng by default. A few place names are wrong in the
 * dictionary. This is global configuration of pinyin-pro: this module is its only user.
 */
customPinyin({
  州长: 'zhōu cháng',
  市长: 'shì cháng',
  县长: 'xiàn cháng',
  区长: 'qū cháng',
  分行: 'fēn háng',
  支行: 'zhī háng',
  总行: 'zǒng háng',
  车行: 'chē háng',
  琴行: 'qín háng',
  蔚县: 'yù xiàn',
  黄陂: 'huáng pí',
  浚县: 'xùn xiàn',
});

/** Longest stored keys. Enough for any real name (a 50-character name has 50 initials) and small for an index. */
export const PINYIN_FULL_MAX = 200;
export const PINYIN_INITIALS_MAX = 50;

export type PinyinKeys = {
  /** Toneless pinyin without separators, Latin letters and digits kept: 北京科技有限公司 → beijingkejiyouxiangongsi. */
  readonly full: string;
  /** First letter of each syllable, Latin letters and digits kept whole: → bjkjyxgs; IBM中国 → ibmzg. */
  readonly initials: string;
};

export type PinyinOptions = {
  /**
   * The text is a person's name: the first character is read as a surname (单 shàn, 曾 zēng,
   * 解 xiè, 区 ōu, 仇 qiú, 朴 piáo), and 欧阳-style double surnames are recognised.
   */
  readonly person?: boolean;
};

/** ü is typed as v on Chinese keyboards (lüse → lvse). */
const toAscii = (s: string) => s.replace(/ü/g, 'v');

/**
 * The pinyin keys of a name. Latin letters and digits are kept (lower-cased, full-width
 * converted), in both keys; punctuation, spaces and characters without a reading are dropped.
 */
export function pinyinKeys(text: string, options: PinyinOptions = {}): PinyinKeys {
  const source = text.normalize('NFKC').toLowerCase();
  // `array` output, one item per character (non-Chinese characters each on their own): a quarter
  // of the cost of `all`, which imports pay per row. A Latin or digit run thus comes back letter
  // by letter, and the first letter of each is the run itself, as the initials want it.
  const items = pinyin(source, {
    toneType: 'none',
    type: 'array',
    nonZh: 'spaced',
    surname: options.person ? 'head' : 'off',
  });
  let full = '';
  let initials = '';
  for (const item of items) {
    const syllable = toAscii(item);
    if (/^[a-z0-9]+$/.test(syllable)) {
      full += syllable;
      initials += syllable.charAt(0);
    }
  }
  return { full: full.slice(0, PINYIN_FULL_MAX), initials: initials.slice(0, PINYIN_INITIALS_MAX) };
}

/**
 * A search box input as a pinyin query: NFKC, lower case, ü as v, without spaces and the
 * apostrophes people type between syllables (xi'an); null when it is not letters and digits
 * with at least one letter (then it is a name, number or phone search, not pinyin).
 */
export function pinyinQuery(query: string): string | null {
  const q = toAscii(query.normalize('NFKC').toLowerCase()).replace(/[\s'’]/gu, '');
  return /^[a-z0-9]+$/.test(q) && /[a-z]/.test(q) ? q : null;
}

/**
 * Whether a query matches a record's pinyin keys: a prefix of the full pinyin (`beijingk`), a
 * prefix of the initials (`bjkj`), or anywhere in the initials (`kj` finds 北京科技). The full
 * pinyin is matched only as a prefix, because inside it syllable boundaries are lost
 * (`anke` is inside both "b-an-ke" and "x-ian-ke"). In SQL: `name_pinyin like q || '%' or
 * name_initials like '%' || q || '%'` (a trigram index serves the second form).
 */
export function matchesPinyin(query: string, keys: PinyinKeys): boolean {
  const q = pinyinQuery(query);
  if (!q) return false;
  return keys.full.startsWith(q) || keys.initials.includes(q);
}
