import { describe, expect, it } from 'vitest';
import { acceptedName, formatBytes } from './format.ts';

describe('formatBytes', () => {
  it('reads like a file manager', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(12_600)).toBe('12.3 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(150 * 1024 * 1024)).toBe('150 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GB');
  });
});

describe('acceptedName', () => {
  it('takes the extensions attachments take, and names without one', () => {
    expect(acceptedName('报价单.PDF')).toBe(true);
    expect(acceptedName('照片.jpeg')).toBe(true);
    expect(acceptedName('旧合同.doc')).toBe(true);
    expect(acceptedName('说明')).toBe(true);
    expect(acceptedName('report v1.2')).toBe(true);
    expect(acceptedName('setup.exe')).toBe(false);
    expect(acceptedName('logo.svg')).toBe(false);
    expect(acceptedName('资料.zip')).toBe(false);
  });
});
