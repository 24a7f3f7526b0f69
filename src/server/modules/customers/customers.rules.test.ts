import { describe, expect, it } from 'vitest';
import {
  NAME_SCORE,
  bigramSimilarity,
  compareCompanyNames,
  creditCodeCheckChar,
  formatPhone,
  nameMatchScore,
  normaliseCompanyName,
  normaliseCreditCode,
  normaliseEmail,
  normalisePhone,
  phoneDigitsForSearch,
  phoneSearchDigits,
  validateCreditCode,
} from './customers.rules.ts';

// ---------------------------------------------------------------------------------------------
/** An independent implementation of the check character: weights are 3^i mod 31. */
function referenceCheckChar(first17: string): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += chars.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  return chars[(31 - (sum % 31)) % 31] ?? '?';
}

describe('validateCreditCode', () => {
  it('accepts the sample of the standard', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      code: '91350100M000100Y43',
      registrationAuthority: '9',
      institutionType: '1',
      divisionCode: '350100',
      organisationCode: 'M000100Y4',
    });
  });

  it('accepts published codes of real organisations', () => {
    for (const code of [
      '914403001922038216', // 华为技术有限公司
      '91440300708461136T', // 深圳市腾讯计算机系统有限公司
      '91110108551385082Q', // 北京字节跳动科技有限公司
      '12100000400000624D', // a public institution registered at national level (100000)
      '53100000500021676K', // a foundation registered with the Ministry of Civil Affairs
    ]) {
      expect(validateCreditCode(code).ok, code).toBe(true);
    }
  });

  it('normalises what people paste: spaces, hyphens, lower case, full-width characters', () => {
    expect(normaliseCreditCode(' 9135 0100-M000 100Y 43 ')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('91350100m000100y43')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
    expect(validateCreditCode('\t91350100m000100y43\n').ok).toBe(true);
  });

  it('computes the check character as the standard defines it', () => {
    const bodies = ['91350100M000100Y4', '12100000400000624', '5311010850000123X'.replace('X', '0'), 'Y1110000MA0000000', 'N2440300MA5ABCDEF'];
    for (const body of bodies) expect(creditCodeCheckChar(body)).toBe(referenceCheckChar(body));
  });

  it('accepts every registration authority / institution type pair of the standard', () => {
    const pairs = ['11', '12', '13', '19', '21', '29', '31', '32', '33', '34', '35', '39', '41', '49', '51', '52', '53', '59', '61', '62', '69', '71', '72', '79', '81', '89', '91', '92', '93', 'A1', 'A9', 'N1', 'N2', 'N3', 'N9', 'Y1'];
    for (const pair of pairs) {
      const body = `${pair}330100MA2ABCDE1`;
      expect(validateCreditCode(body + referenceCheckChar(body)).ok, pair).toBe(true);
    }
  });

  it('rejects unknown authority and institution type codes', () => {
    for (const [pair, reason] of [
      ['01', 'authority'],
      ['B1', 'authority'],
      ['G1', 'authority'],
      ['94', 'institution_type'], // 工商 has only 1, 2, 3
      ['99', 'institution_type'],
      ['14', 'institution_type'],
      ['Y2', 'institution_type'],
      ['5A', 'institution_type'],
    ] as const) {
      const body = `${pair}330100MA2ABCDE1`;
      expect(validateCreditCode(body + referenceCheckChar(body)), pair).toMatchObject({ ok: false, reason });
    }
  });

  it('rejects a division that is not six digits of a mainland province or 100000', () => {
    for (const division of ['33010A', '990100', '710000', '810000', '000000', '101000']) {
      const body = `91${division}MA2ABCDE1`;
      expect(validateCreditCode(body + referenceCheckChar(body)), division).toMatchObject({ ok: false, reason: 'division' });
    }
  });

  it('rejects characters outside the code set, naming the position', () => {
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '*']) {
      const code = `91350100M000100${bad}43`;
      expect(validateCreditCode(code)).toEqual({ ok: false, reason: 'character', normalised: code, index: 15 });
    }
  });

  it('rejects empty input and wrong lengths', () => {
    expect(validateCreditCode('  ')).toEqual({ ok: false, reason: 'empty', normalised: '' });
    expect(validateCreditCode('91350100M000100Y4')).toMatchObject({ ok: false, reason: 'length' });
    expect(validateCreditCode('91350100M000100Y431')).toMatchObject({ ok: false, reason: 'length' });
    expect(validateCreditCode('350100199001011234')).toMatchObject({ ok: false, reason: 'division' }); // an ID card number
  });

  it('reports the expected check character', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({
      ok: false,
      reason: 'checksum',
      normalised: '91350100M000100Y44',
      index: 17,
      expected: '3',
    });
  });

  it('detects every single-character typo in the organisation code', () => {
    const valid = '91350100M000100Y43';
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 8; i < 17; i++) {
      for (const c of chars) {
        if (c === valid[i]) continue;
        const typo = valid.slice(0, i) + c + valid.slice(i + 1);
        expect(validateCreditCode(typo).ok, typo).toBe(false);
      }
    }
  });

  it('detects swapped neighbours in the organisation code', () => {
    const valid = '914403001922038216';
    for (let i = 8; i < 16; i++) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
      expect(validateCreditCode(swapped).ok, swapped).toBe(false);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('normaliseCompanyName', () => {
  it('treats a place in brackets, in front, with or without 市, alike', () => {
    const expected = { key: '华信精密机械', places: ['上海'], branch: null, legalForm: '有限公司', full: '上海华信精密机械' };
    expect(normaliseCompanyName('华信精密机械(上海)有限公司')).toEqual(expected);
    expect(normaliseCompanyName('华信精密机械（上海）有限公司')).toEqual(expected);
    expect(normaliseCompanyName('上海华信精密机械有限公司')).toEqual(expected);
    expect(normaliseCompanyName('上海市华信精密机械有限公司')).toEqual(expected);
    expect(normaliseCompanyName('（上海市）华信精密机械有限公司')).toEqual(expected);
    expect(normaliseCompanyName('  上海 华信 精密机械 有限公司 ')).toEqual(expected);
  });

  it('strips the Chinese legal forms, longest first', () => {
    const cases: [string, string, string][] = [
      ['华信精密机械有限责任公司', '华信精密机械', '有限责任公司'],
      ['华信精密机械股份有限公司', '华信精密机械', '股份有限公司'],
      ['华信精密机械集团有限公司', '华信精密机械', '集团有限公司'],
      ['华信精密机械集团股份有限公司', '华信精密机械', '集团股份有限公司'],
      ['华信精密机械集团', '华信精密机械', '集团'],
      ['华信精密机械公司', '华信精密机械', '公司'],
      ['华信精密机械总公司', '华信精密机械', '总公司'],
      ['华信会计师事务所(特殊普通合伙)', '华信会计师事务所', '特殊普通合伙'],
      ['华信投资合伙企业(有限合伙)', '华信投资', '有限合伙合伙企业'],
    ];
    for (const [name, key, legalForm] of cases) expect(normaliseCompanyName(name), name).toMatchObject({ key, legalForm });
  });

  it('drops a bracketed 集团 and keeps 控股 (a holding is a different company)', () => {
    expect(normaliseCompanyName('中国平安保险(集团)股份有限公司')).toMatchObject({ key: '平安保险', places: ['中国'], legalForm: '集团股份有限公司' });
    expect(normaliseCompanyName('华信控股有限公司').key).toBe('华信控股');
  });

  it('strips Latin legal forms written as words', () => {
    expect(normaliseCompanyName('Huawei Technologies Co., Ltd.')).toMatchObject({ key: 'huaweitechnologies', legalForm: 'coltd' });
    expect(normaliseCompanyName('HUAWEI TECHNOLOGIES CO.,LTD').key).toBe('huaweitechnologies');
    expect(normaliseCompanyName('Ｈｕａｗｅｉ Ｔｅｃｈｎｏｌｏｇｉｅｓ Ｃｏ．， Ｌｔｄ．').key).toBe('huaweitechnologies');
    expect(normaliseCompanyName('Acme Company Limited').key).toBe('acme');
    expect(normaliseCompanyName('Acme Inc.').key).toBe('acme');
    expect(normaliseCompanyName('Acme Corp').key).toBe('acme');
    expect(normaliseCompanyName('Acme, LLC').key).toBe('acme');
    expect(normaliseCompanyName('Siemens AG').key).toBe('siemens');
    expect(normaliseCompanyName('Acme GmbH').key).toBe('acme');
    expect(normaliseCompanyName('Acme Pte. Ltd.').key).toBe('acme');
    expect(normaliseCompanyName('ABC科技Co.,Ltd').key).toBe('abc科技');
  });

  it('keeps Latin words that merely end like a legal form, and a name that is only a legal form', () => {
    expect(normaliseCompanyName('Disco').key).toBe('disco');
    expect(normaliseCompanyName('Nasa').key).toBe('nasa');
    expect(normaliseCompanyName('Limited').key).toBe('limited');
    expect(normaliseCompanyName('有限公司').key).toBe('有限公司');
  });

  it('removes Chinese and ASCII punctuation and brackets that hold no place', () => {
    expect(normaliseCompanyName('《读者》杂志社').key).toBe('读者杂志社');
    expect(normaliseCompanyName('【华为】技术有限公司').key).toBe('华为技术');
    expect(normaliseCompanyName('华信·精密、机械&(科技)有限公司').key).toBe('华信精密机械科技');
    expect(normaliseCompanyName('“华信”精密机械有限公司').key).toBe('华信精密机械');
  });

  it('records several leading places and 中国 / China as a place', () => {
    expect(normaliseCompanyName('江苏省苏州市华信精密机械有限公司')).toMatchObject({ key: '华信精密机械', places: ['江苏', '苏州'] });
    expect(normaliseCompanyName('阿里巴巴(中国)网络技术有限公司')).toMatchObject({ key: '阿里巴巴网络技术', places: ['中国'] });
    expect(normaliseCompanyName('Siemens (China) Co., Ltd.')).toMatchObject({ key: 'siemens', places: ['中国'] });
    expect(normaliseCompanyName('广西壮族自治区华信贸易有限公司').places).toEqual(['广西']);
    expect(normaliseCompanyName('内蒙古伊利实业集团股份有限公司')).toMatchObject({ key: '伊利实业', places: ['内蒙古'] });
  });

  it('takes county-level places only in brackets, because at the start they are often ordinary words', () => {
    expect(normaliseCompanyName('华信精密机械(昆山)有限公司')).toMatchObject({ key: '华信精密机械', places: ['昆山'] });
    expect(normaliseCompanyName('昆山华信精密机械有限公司')).toMatchObject({ key: '昆山华信精密机械', places: [] });
    expect(normaliseCompanyName('长安汽车股份有限公司')).toMatchObject({ key: '长安汽车', places: [] }); // 长安区 is a district of 西安
  });

  it('leaves at least two characters of name after a leading place', () => {
    expect(normaliseCompanyName('上海有限公司')).toMatchObject({ key: '上海', places: [] });
    expect(normaliseCompanyName('上海银行股份有限公司')).toMatchObject({ key: '银行', places: ['上海'] });
  });

  it('does not shorten 阿里巴巴 to a place (阿里地区 counts only in full)', () => {
    expect(normaliseCompanyName('阿里巴巴集团控股有限公司').key).toBe('阿里巴巴集团控股');
  });

  it('splits off branches', () => {
    expect(normaliseCompanyName('华信精密机械有限公司苏州分公司')).toEqual({
      key: '华信精密机械',
      places: [],
      branch: '苏州分公司',
      legalForm: '有限公司',
      full: '华信精密机械',
    });
    expect(normaliseCompanyName('招商银行股份有限公司上海分行')).toMatchObject({ key: '招商银行', branch: '上海分行' });
    expect(normaliseCompanyName('中国工商银行北京分行')).toMatchObject({ key: '工商银行', places: ['中国'], branch: '北京分行' });
    expect(normaliseCompanyName('华信精密机械有限公司第一分公司').branch).toBe('第一分公司');
    expect(normaliseCompanyName('分公司')).toMatchObject({ key: '分公司', branch: null });
    expect(normaliseCompanyName('华为公司').key).toBe('华为');
    expect(normaliseCompanyName('华公司').key).toBe('华公司'); // a name needs two characters left
  });

  it('gives an empty key for names without letters or digits', () => {
    expect(normaliseCompanyName('')).toMatchObject({ key: '', places: [], full: '' });
    expect(normaliseCompanyName(' （）—— ').key).toBe('');
  });
});

describe('bigramSimilarity', () => {
  it('is 1 for equal strings, 0 for nothing in common, symmetric in between', () => {
    expect(bigramSimilarity('华信精密机械', '华信精密机械')).toBe(1);
    expect(bigramSimilarity('华信', '联想')).toBe(0);
    expect(bigramSimilarity('', '')).toBe(0);
    expect(bigramSimilarity('华', '华')).toBe(1);
    expect(bigramSimilarity('华信精密机械', '华信机械')).toBeCloseTo((2 * 2) / 8);
    expect(bigramSimilarity('华信机械', '华信精密机械')).toBe(bigramSimilarity('华信精密机械', '华信机械'));
  });

  it('counts repeated bigrams as a multiset', () => {
    expect(bigramSimilarity('哈哈哈', '哈哈')).toBeCloseTo((2 * 1) / 3);
  });
});

describe('compareCompanyNames / nameMatchScore', () => {
  it('scores the same company written differently as exact', () => {
    expect(compareCompanyNames('华信精密机械(上海)有限公司', '上海华信精密机械有限公司')).toEqual({ score: 1, reason: 'exact' });
    expect(compareCompanyNames('阿里巴巴(中国)网络技术有限公司', '阿里巴巴（中国）网络技术有限公司')).toEqual({ score: 1, reason: 'exact' });
    expect(compareCompanyNames('华为技术有限公司', '华为技术股份有限公司')).toEqual({ score: 1, reason: 'exact' });
    expect(compareCompanyNames('Huawei Technologies Co., Ltd.', 'huawei technologies limited')).toEqual({ score: 1, reason: 'exact' });
  });

  it('scores a name with a place against the same name without one slightly lower', () => {
    expect(compareCompanyNames('华信精密机械有限公司', '上海华信精密机械有限公司')).toEqual({
      score: NAME_SCORE.exactPlaceDiffers,
      reason: 'exact_place_differs_in_detail',
    });
    expect(compareCompanyNames('长安汽车', '重庆长安汽车股份有限公司').score).toBe(0.95);
    expect(compareCompanyNames('江苏省苏州市华信精密机械有限公司', '华信精密机械(苏州)有限公司').score).toBe(0.95);
  });

  it('scores a branch against its head office or another branch as related', () => {
    expect(compareCompanyNames('华信精密机械有限公司', '华信精密机械有限公司苏州分公司')).toEqual({ score: 0.85, reason: 'branch' });
    expect(compareCompanyNames('华信精密机械有限公司无锡分公司', '华信精密机械有限公司苏州分公司').reason).toBe('branch');
    expect(compareCompanyNames('华信精密机械有限公司苏州分公司', '华信精密机械有限公司苏州分公司').reason).toBe('exact');
  });

  it('scores the same name in different places below exact matches', () => {
    const r = compareCompanyNames('上海华信精密机械有限公司', '北京华信精密机械有限公司');
    expect(r.reason).toBe('same_name_other_place');
    expect(r.score).toBeCloseTo(10 / 14, 3);
    expect(r.score).toBeLessThanOrEqual(NAME_SCORE.maxOtherPlace);
    expect(compareCompanyNames('北京银行', '南京银行').score).toBeCloseTo(0.667, 3);
    expect(compareCompanyNames('北京银行', '上海银行股份有限公司').score).toBeCloseTo(0.333, 3);
  });

  it('scores near names by bigram similarity, below every exact match', () => {
    const near = compareCompanyNames('华信精密机械有限公司', '华信精密机械制造有限公司');
    expect(near.reason).toBe('similar');
    expect(near.score).toBeCloseTo(0.833, 3);
    expect(nameMatchScore('华信精密机械有限公司', '华信机械有限公司')).toBe(0.5);
    expect(nameMatchScore('昆山华信精密机械有限公司', '华信精密机械(昆山)有限公司')).toBe(NAME_SCORE.maxSimilar);
    expect(nameMatchScore('深圳市腾讯计算机系统有限公司', '腾讯科技(深圳)有限公司')).toBeGreaterThan(0.2);
    expect(nameMatchScore('深圳市腾讯计算机系统有限公司', '腾讯科技(深圳)有限公司')).toBeLessThan(0.5);
  });

  it('scores unrelated names 0', () => {
    expect(compareCompanyNames('华信精密机械有限公司', '联想(北京)有限公司')).toEqual({ score: 0, reason: 'none' });
    expect(compareCompanyNames('', '华信精密机械有限公司')).toEqual({ score: 0, reason: 'none' });
    expect(compareCompanyNames('有限公司', '有限公司')).toEqual({ score: 1, reason: 'exact' });
  });

  it('is symmetric and deterministic, and accepts normalised names', () => {
    const names = ['华信精密机械(上海)有限公司', '北京华信精密机械有限公司', '华信精密机械有限公司苏州分公司', '华信机械', '北京银行', '南京银行股份有限公司'];
    for (const a of names) {
      for (const b of names) {
        const s = nameMatchScore(a, b);
        expect(s).toBe(nameMatchScore(b, a));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(nameMatchScore(normaliseCompanyName(a), normaliseCompanyName(b))).toBe(s);
      }
    }
  });

  it('ranks candidates for a duplicate check in a sensible order', () => {
    const query = '上海华信精密机械有限公司';
    const candidates = ['华信精密机械(上海)有限公司', '华信精密机械有限公司', '华信精密机械有限公司苏州分公司', '北京华信精密机械有限公司', '上海华信机械有限公司', '上海联想电脑有限公司'];
    const ranked = [...candidates].sort((a, b) => nameMatchScore(query, b) - nameMatchScore(query, a));
    expect(ranked).toEqual(candidates);
  });
});

// ---------------------------------------------------------------------------------------------
describe('normalisePhone', () => {
  it.each([
    ['13912345678', '+8613912345678', 'mobile'],
    ['139 1234 5678', '+8613912345678', 'mobile'],
    ['139-1234-5678', '+8613912345678', 'mobile'],
    ['+86 139 1234 5678', '+8613912345678', 'mobile'],
    ['8613912345678', '+8613912345678', 'mobile'],
    ['008613912345678', '+8613912345678', 'mobile'],
    ['１３９１２３４５６７８', '+8613912345678', 'mobile'],
    ['010-12345678', '+861012345678', 'fixed_line'],
    ['(021) 6888 8888', '+862168888888', 'fixed_line'],
    ['+86 (0)21 6888 8888', '+862168888888', 'fixed_line'],
    ['0755-88888888', '+8675588888888', 'fixed_line'],
    ['400-820-8820', '+864008208820', 'other'],
    ['+852 2123 4567', '+85221234567', 'fixed_line'],
    ['+1 650 253 0000', '+16502530000', 'other'],
  ])('normalises %j to %s', (input, e164, type) => {
    expect(normalisePhone(input)).toMatchObject({ ok: true, e164, type, extension: null });
  });

  it('keeps extensions written the Chinese way apart from the E.164 number', () => {
    expect(normalisePhone('021-68888888 转 123')).toMatchObject({ ok: true, e164: '+862168888888', extension: '123' });
    expect(normalisePhone('021-68888888分机：8001')).toMatchObject({ ok: true, e164: '+862168888888', extension: '8001' });
    expect(normalisePhone('021-68888888-123')).toMatchObject({ ok: true, e164: '+862168888888', extension: '123' });
    expect(normalisePhone('021 6888 8888 ext. 5')).toMatchObject({ ok: true, e164: '+862168888888', extension: '5' });
  });

  // Eleven digits from 13 to 19 are parsed once per five-digit prefix (the import's fast path):
  // for every such prefix, two numbers typed plainly give what the same numbers typed with
  // spaces give (always parsed), the first parsed, the second from what the first taught, and
  // their search digits what the national format says.
  it('reads a plain eleven-digit mobile as the number plan does, for every prefix from 13000 to 19999', () => {
    let seed = 7;
    const suffix = () => String((seed = (seed * 48271) % 2147483647) % 1_000_000).padStart(6, '0');
    const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
    const expectedDigits = (e164: string) => {
      const international = e164.replace(/\D/g, '');
      const national = formatPhone(e164).replace(/\D/g, '');
      return international.includes(national) ? international : `${international} ${national}`;
    };
    let valid = 0;
    for (let prefix = 13000; prefix <= 19999; prefix++) {
      for (const n of [`${prefix}${suffix()}`, `${prefix}${suffix()}`]) {
        const plain = normalisePhone(n);
        const typed = normalisePhone(spaced(n));
        // Why a number is not valid may be worded differently for the two ways of typing it.
        expect(plain.ok ? plain : { ok: false }).toEqual(typed.ok ? typed : { ok: false });
        if (plain.ok) {
          valid++;
          expect(phoneDigitsForSearch(plain.e164)).toBe(expectedDigits(plain.e164));
        }
      }
    }
    // Most of the range is in the plan (the test would pass vacuously otherwise).
    expect(valid).toBeGreaterThan(8000);
  });

  it('reads numbers without country code in the given region', () => {
    expect(normalisePhone('2123 4567', 'HK')).toMatchObject({ ok: true, e164: '+85221234567', country: 'HK' });
    expect(normalisePhone('13912345678', 'CN')).toMatchObject({ country: 'CN' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['12', 'too_short'],
    ['12345678901', 'invalid'], // right length, but no such mobile prefix
    ['0755-8888888', 'invalid'], // Shenzhen numbers have 8 digits
    ['139123456789012345', 'too_long'],
    ['+999 1234567', 'invalid_country'],
  ])('rejects %j: %s', (input, reason) => {
    expect(normalisePhone(input)).toEqual({ ok: false, reason });
  });
});

describe('formatPhone', () => {
  it('shows Chinese numbers in national format and others internationally', () => {
    expect(formatPhone('+8613912345678')).toBe('139 1234 5678');
    expect(formatPhone('+861012345678')).toBe('010 1234 5678');
    expect(formatPhone('+862168888888')).toBe('021 6888 8888');
    expect(formatPhone('+85221234567')).toBe('+852 2123 4567');
    expect(formatPhone('+16502530000')).toBe('+1 650 253 0000');
  });

  it('appends an extension and shows unparseable values unchanged', () => {
    expect(formatPhone('+862168888888', '123')).toBe('021 6888 8888 转 123');
    expect(formatPhone('+862168888888', null)).toBe('021 6888 8888');
    expect(formatPhone('13912345678')).toBe('13912345678');
    expect(formatPhone('garbage')).toBe('garbage');
  });

  it('round-trips with normalisePhone', () => {
    for (const input of ['13912345678', '010-12345678', '+852 2123 4567']) {
      const first = normalisePhone(input);
      if (!first.ok) throw new Error(input);
      expect(normalisePhone(formatPhone(first.e164))).toMatchObject({ ok: true, e164: first.e164 });
    }
  });
});

describe('phoneDigitsForSearch / phoneSearchDigits', () => {
  it('gives the E.164 digits, plus the national digits with trunk prefix when they differ', () => {
    expect(phoneDigitsForSearch('+8613912345678')).toBe('8613912345678');
    expect(phoneDigitsForSearch('+862168888888')).toBe('862168888888 02168888888');
    expect(phoneDigitsForSearch('+85221234567')).toBe('85221234567');
    expect(phoneDigitsForSearch('+442079460958')).toBe('442079460958 02079460958');
  });

  it('lets any 4+ consecutive digits as typed find the number', () => {
    const stored = phoneDigitsForSearch('+862168888888');
    for (const query of ['021-6888', '6888 8888', '0216888', '8621', '(021) 68888888']) {
      const digits = phoneSearchDigits(query);
      expect(digits, query).not.toBeNull();
      expect(stored.includes(digits ?? '-'), query).toBe(true);
    }
    const mobile = phoneDigitsForSearch('+8613912345678');
    expect(mobile.includes(phoneSearchDigits('1391234') ?? '-')).toBe(true);
    expect(mobile.includes(phoneSearchDigits('5678') ?? '-')).toBe(true);
  });

  it('does not treat short or non-phone queries as phone searches', () => {
    expect(phoneSearchDigits('139')).toBeNull();
    expect(phoneSearchDigits('华信 1391')).toBeNull();
    expect(phoneSearchDigits('2024-MANU-001')).toBeNull();
    expect(phoneSearchDigits('１３９１')).toBe('1391');
  });

  it('falls back to the digits of an unparseable value', () => {
    expect(phoneDigitsForSearch('+86 garbage 123')).toBe('86123');
  });
});

describe('normaliseEmail', () => {
  it('trims, lower-cases and converts full-width characters', () => {
    expect(normaliseEmail('  Zhang.San@Example.COM ')).toBe('zhang.san@example.com');
    expect(normaliseEmail('ｚｈａｎｇ＠ｑｑ．ｃｏｍ')).toBe('zhang@qq.com');
  });

  it('keeps dots and plus parts: Chinese providers treat them as different addresses', () => {
    expect(normaliseEmail('zhang.san+crm@163.com')).toBe('zhang.san+crm@163.com');
  });
});
