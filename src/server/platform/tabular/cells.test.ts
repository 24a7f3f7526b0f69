import { describe, expect, it } from 'vitest';
import { dateText, isDateFormat, numberText, numericCellText, plainDigits, serialToDate } from './cells.ts';

describe('numberText', () => {
  it('keeps phone numbers and long digit strings as digits, never 1.38E+10', () => {
    expect(numberText(13812345678)).toBe('13812345678');
    expect(numberText(91350100000100)).toBe('91350100000100');
    expect(numberText(123456789012345)).toBe('123456789012345');
    expect(numberText(1e21)).toBe('1000000000000000000000');
  });

  it('shows what Excel keeps of a longer number (15 significant digits), inventing no digits', () => {
    // An 18-digit ID card number typed as a number: Excel itself kept 110101199003077000.
    expect(numberText(110101199003077000)).toBe('110101199003077000');
    expect(numberText(Number('110101199003077777'))).toBe('110101199003078000');
  });

  it('drops binary float artefacts the way Excel displays', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(1.1 * 3)).toBe('3.3');
    expect(numberText(-1234.5)).toBe('-1234.5');
    expect(numberText(0.000001)).toBe('0.000001');
    expect(numberText(1.5e-7)).toBe('0.00000015');
    expect(numberText(-0)).toBe('0');
    expect(numberText(Number.NaN)).toBe('');
  });

  it('plainDigits writes the exact shortest form without exponent', () => {
    expect(plainDigits(0.30000000000000004)).toBe('0.30000000000000004');
    expect(plainDigits(1.5e22)).toBe('15000000000000000000000');
    expect(plainDigits(-2e-7)).toBe('-0.0000002');
  });
});

describe('dateText', () => {
  it('writes a date, a date and time, or a time alone', () => {
    expect(dateText(new Date(Date.UTC(2024, 2, 5)))).toBe('2024-03-05');
    expect(dateText(new Date(Date.UTC(2024, 2, 5, 14, 30, 0)))).toBe('2024-03-05T14:30:00');
    expect(dateText(serialToDate(0.5, false))).toBe('12:00:00');
  });

  it('rounds to the second (Excel stores fractions of a day)', () => {
    // 2024-03-05 08:00 as a serial number loses a few microseconds in binary.
    expect(dateText(serialToDate(45356 + 8 / 24, false))).toBe('2024-03-05T08:00:00');
    expect(dateText(new Date(Date.UTC(2024, 2, 5, 23, 59, 59, 600)))).toBe('2024-03-06');
  });

  it('converts serial numbers in the 1900 and 1904 systems', () => {
    expect(dateText(serialToDate(45356, false))).toBe('2024-03-05');
    expect(dateText(serialToDate(45356 - 1462, true))).toBe('2024-03-05');
  });
});

describe('isDateFormat', () => {
  it('recognises date and time formats, Chinese ones included', () => {
    for (const fmt of ['yyyy-mm-dd', 'm/d/yy', 'yyyy"年"m"月"d"日"', '[$-804]yyyy年m月d日', 'h:mm:ss', '[h]:mm', 'mm-dd-yy', 'yyyy/m/d h:mm']) {
      expect(isDateFormat(fmt)).toBe(true);
    }
  });

  it('does not take number formats with quoted text or colours for dates', () => {
    for (const fmt of [undefined, '', 'General', '0', '0.00', '#,##0.00"元"', '0.00%', '[Red]-#,##0', '000000', '@', '0.00E+00', '"days "0']) {
      expect(isDateFormat(fmt)).toBe(false);
    }
  });
});

describe('numericCellText', () => {
  it('writes numbers as digits, padded when the format is all zeros', () => {
    expect(numericCellText(13812345678, { date: false, code: 'General' }, false)).toBe('13812345678');
    expect(numericCellText(13812345678, undefined, false)).toBe('13812345678');
    expect(numericCellText(10010, { date: false, code: '000000' }, false)).toBe('010010');
    expect(numericCellText(0.15, { date: false, code: '0%' }, false)).toBe('0.15');
    expect(numericCellText(3.3000000000000003, { date: false, code: '0.00' }, false)).toBe('3.3');
  });

  it('writes day numbers with a date format as ISO dates, in the 1900 and 1904 systems', () => {
    expect(numericCellText(45356, { date: true }, false)).toBe('2024-03-05');
    expect(numericCellText(45356, { date: true }, true)).toBe('2028-03-06');
    expect(numericCellText(45356.75, { date: true, code: 'yyyy-mm-dd hh:mm' }, false)).toBe('2024-03-05T18:00:00');
  });
});
