import { describe, expect, it } from 'vitest';
import { foldLookAlikes, foldName, foldTraditional } from './fold.ts';
import { compareCompanyNames, normaliseCompanyName } from '../customers.rules.ts';

describe('foldTraditional', () => {
  it('writes Traditional characters as Simplified, leaving Simplified and Latin alone', () => {
    expect(foldTraditional('上海華信精密機械有限公司')).toBe('上海华信精密机械有限公司');
    expect(foldTraditional('上海华信精密机械有限公司')).toBe('上海华信精密机械有限公司');
    expect(foldTraditional('臺北廣東集團 ABC')).toBe('台北广东集团 ABC');
  });

  it('folds Taiwan and Hong Kong variant forms, and is idempotent', () => {
    expect(foldTraditional('僞')).toBe('伪');
    expect(foldTraditional('偽')).toBe('伪');
    const once = foldTraditional('薴麗國際貿易');
    expect(foldTraditional(once)).toBe(once);
  });
});

describe('foldLookAlikes', () => {
  it('turns Cyrillic and Greek look-alikes inside Latin words into Latin', () => {
    // Cyrillic А, р, е and Greek Ο among Latin letters.
    expect(foldLookAlikes('\u0410pple \u0440ie Ins\u03bfft')).toBe('Apple pie Insoft');
    // A word made of look-alikes only reads as Latin too: Cyrillic С, О, С, О.
    expect(foldLookAlikes('\u0421\u041e\u0421\u041e')).toBe('COCO');
  });

  it('keeps real Cyrillic and Greek words and Chinese text', () => {
    expect(foldLookAlikes('Газпром')).toBe('Газпром');
    expect(foldLookAlikes('Ελλάδα')).toBe('Ελλάδα');
    expect(foldLookAlikes('华信精密')).toBe('华信精密');
  });
});

describe('foldName', () => {
  it('applies NFKC first, so full-width letters and brackets are half-width', () => {
    expect(foldName('ＡＢＣ（上海）')).toBe('ABC(上海)');
  });
});

describe('the name key after folding', () => {
  it('is the same for a company written in Traditional and in Simplified characters', () => {
    const simplified = normaliseCompanyName('上海华信精密机械有限公司');
    expect(normaliseCompanyName('上海華信精密機械有限公司')).toEqual(simplified);
    expect(compareCompanyNames('上海華信精密機械有限公司', '华信精密机械(上海)有限公司')).toEqual({ score: 1, reason: 'exact' });
    // Place and legal form in Traditional characters are still recognised.
    expect(normaliseCompanyName('廣東華信精密機械股份有限公司')).toMatchObject({ key: '华信精密机械', places: ['广东'] });
    expect(normaliseCompanyName('華信精密機械集團').legalForm).toBe('集团');
  });

  it('is the same for a Latin name with Cyrillic look-alikes and for a full-width one', () => {
    const latin = normaliseCompanyName('Apex Machinery Co., Ltd.');
    expect(normaliseCompanyName('\u0410p\u0435x M\u0430chin\u0435ry Co., Ltd.').key).toBe(latin.key);
    expect(normaliseCompanyName('Ａｐｅｘ Ｍａｃｈｉｎｅｒｙ Ｃｏ．， Ｌｔｄ．').key).toBe(latin.key);
  });
});
