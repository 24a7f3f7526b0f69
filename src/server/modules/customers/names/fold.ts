import traditional from './traditional.json' with { type: 'json' };

/**
 * Folds the ways of writing one name that a duplicate check must not tell apart, before the
 * name is normalised into its key (customers.rules.ts):
 * - NFKC: full-width letters, digits and brackets (ＡＢＣ（上海）) become half-width;
 * - Traditional Chinese characters become Simplified (上海華信精密機械 → 上海华信精密机械), by
 *   OpenCC's single-character table (traditional.json, built by scripts/build-traditional.ts);
 * - Cyrillic and Greek letters that look like Latin ones become those Latin letters in Latin
 *   words (Аpple with a Cyrillic А → Apple), so a look-alike name cannot slip past the check.
 * Pure and idempotent: fold(fold(s)) = fold(s).
 */

/**
 * The version of the name key. Stored keys (customers.name_key, leads.company_key) made with an
 * older version are recomputed at the next start (customers.namekeys.ts); bump it whenever the
 * key of some name changes: this fold, its tables or `normaliseCompanyName`.
 * 1: NFKC, lower case, places, legal forms. 2: + Traditional → Simplified, Latin look-alikes.
 */
export const NAME_KEY_VERSION = 2;

const TRADITIONAL: ReadonlyMap<string, string> = (() => {
  const chars = Array.from(traditional.pairs);
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i] as string, chars[i + 1] as string);
  return map;
})();

/**
 * Cyrillic and Greek letters that are drawn like a Latin letter in common fonts, upper and lower
 * case apart (Cyrillic н is not h, but Н is H). Letters that only resemble one in some fonts are
 * left out, so that a real Greek or Russian word is not bent into Latin.
 */
const LOOK_ALIKES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // Cyrillic capitals
    А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X',
    Ѕ: 'S', І: 'I', Ј: 'J', Ԛ: 'Q', Ԝ: 'W', Ү: 'Y', Һ: 'H', Ӏ: 'I',
    // Cyrillic small letters
    а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ү: 'y',
    // Greek capitals
    Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
    // Greek small letters
    ο: 'o', ν: 'v', ι: 'i', κ: 'k', ρ: 'p', υ: 'u', χ: 'x', α: 'a',
  }),
);

/** A run of Latin, Greek and Cyrillic letters (with their combining marks): one word for the look-alike rule. */
const ALPHABETIC_WORD = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}][\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}]*/gu;
const LATIN_LETTER = /\p{Script=Latin}/u;

/**
 * Folds look-alikes in a word that is Latin already (has a Latin letter: Аpple) or that is made
 * of look-alikes only (АРРЕ, all Cyrillic): both read as Latin to a person. A word with a letter
 * that has no Latin twin and no Latin letter (Газпром) is a real Cyrillic or Greek word: kept.
 */
function foldWord(word: string): string {
  const chars = Array.from(word);
  const latin = chars.some((c) => LATIN_LETTER.test(c));
  if (!latin && !chars.every((c) => LOOK_ALIKES.has(c) || /\p{M}/u.test(c))) return word;
  return chars.map((c) => LOOK_ALIKES.get(c) ?? c).join('');
}

/** Traditional → Simplified, one character at a time (code points: some are outside the BMP). */
export function foldTraditional(s: string): string {
  let out = '';
  for (const c of s) out += TRADITIONAL.get(c) ?? c;
  return out;
}

/** Look-alike Cyrillic and Greek letters → Latin, in Latin(-looking) words. */
export function foldLookAlikes(s: string): string {
  return s.replace(ALPHABETIC_WORD, foldWord);
}

/** NFKC, then Traditional → Simplified, then look-alikes → Latin. Case is kept. */
export function foldName(s: string): string {
  return foldLookAlikes(foldTraditional(s.normalize('NFKC')));
}
