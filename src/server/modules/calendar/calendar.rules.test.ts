import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { rfc5545Problems } from '../../../../test/helpers/icalendar.ts';
import {
  contentLine,
  escapeText,
  FEED_TOKEN_PATTERN,
  feedTokenHash,
  foldLine,
  formatMinutes,
  formatUtc,
  serializeCalendar,
  taskCalendar,
  taskDescription,
  taskSummary,
  taskToEvent,
  type FeedTask,
} from './calendar.rules.ts';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

function task(over: Partial<FeedTask> = {}): FeedTask {
  return {
    id: '0190a0c0-0000-7000-8000-000000000001',
    title: '给陈总打电话',
    type: 'call',
    description: null,
    dueAt: new Date('2026-01-05T02:00:00Z'),
    reminderMinutes: 15,
    priority: 'high',
    status: 'open',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-02T03:04:05.678Z'),
    version: 3,
    followUpId: null,
    customerName: '上海华信精密机械有限公司',
    contactName: '陈明',
    leadNumber: null,
    leadContactName: null,
    leadCompanyName: null,
    ...over,
  };
}

describe('foldLine', () => {
  it('leaves a line of exactly 75 octets alone and folds one of 76', () => {
    const line75 = 'X'.repeat(75);
    expect(foldLine(line75)).toBe(line75);
    expect(foldLine(`${line75}Y`)).toBe(`${line75}\r\n Y`);
  });

  it('counts the leading space of a continuation line in its 75 octets', () => {
    const folded = foldLine('A'.repeat(75 + 74 + 10));
    expect(folded.split('\r\n').map(octets)).toEqual([75, 75, 11]);
    expect(unfold(folded)).toBe('A'.repeat(159));
  });

  it('never splits a Chinese character: the line breaks before one that would cross 75 octets', () => {
    // 73 + 3 octets = 76: 中 moves to the next line, the first keeps 73 octets.
    expect(foldLine(`${'X'.repeat(73)}中文`)).toBe(`${'X'.repeat(73)}\r\n 中文`);
    // 72 + 3 = 75 fits exactly.
    expect(foldLine(`${'X'.repeat(72)}中`)).toBe(`${'X'.repeat(72)}中`);
    expect(foldLine(`${'X'.repeat(72)}中文`)).toBe(`${'X'.repeat(72)}中\r\n 文`);
  });

  it('folds long Chinese text into lines of at most 75 octets that unfold to the original', () => {
    const text = `SUMMARY:${'上海华信精密机械有限公司年度框架合同续签谈判'.repeat(6)}`;
    const folded = foldLine(text);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(4);
    for (const l of lines) expect(octets(l)).toBeLessThanOrEqual(75);
    // 'SUMMARY:' is 8 octets, then 22 characters of 3 octets (74); a 23rd would make 77.
    expect(octets(lines[0]!)).toBe(74);
    // A continuation: the space and 24 characters (73); a 25th would make 76.
    expect(octets(lines[1]!)).toBe(73);
    expect(unfold(folded)).toBe(text);
    // Each piece is whole characters: its bytes decode without replacement characters.
    for (const l of lines) expect(Buffer.from(l, 'utf8').toString('utf8')).not.toContain('\uFFFD');
  });

  it('keeps a 4-octet character (outside the BMP) whole', () => {
    const folded = foldLine(`${'X'.repeat(72)}😀`);
    expect(folded).toBe(`${'X'.repeat(72)}\r\n 😀`);
    expect(folded.split('\r\n').map(octets)).toEqual([72, 5]);
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon and comma, and writes every line break as \\n', () => {
    expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
    expect(escapeText('一\n二\r\n三\r四')).toBe('一\\n二\\n三\\n四');
    expect(escapeText('C:\\path;x')).toBe('C:\\\\path\\;x');
  });

  it('keeps colons, quotes, tabs and full-width punctuation, drops other control characters', () => {
    expect(escapeText('时间: 10:00 "A"\t；，')).toBe('时间: 10:00 "A"\t；，');
    expect(escapeText('a\u0000b\u0007c\u001bd\u007fe')).toBe('abcde');
  });

  it('replaces a lone surrogate so the output is valid UTF-8', () => {
    expect(escapeText('x\uD800y')).toBe('x\uFFFDy');
  });
});

describe('values', () => {
  it('writes UTC date-times in the Z form without milliseconds', () => {
    expect(formatUtc(new Date('2026-01-05T09:30:15.999+08:00'))).toBe('20260105T013015Z');
  });

  it('writes durations in minutes', () => {
    expect(formatMinutes(30)).toBe('PT30M');
    expect(formatMinutes(-15)).toBe('-PT15M');
    expect(formatMinutes(-0)).toBe('PT0M');
    expect(formatMinutes(-1440)).toBe('-PT1440M');
  });

  it('quotes parameter values that need it', () => {
    expect(contentLine('REFRESH-INTERVAL', 'PT30M', { VALUE: 'DURATION' })).toBe('REFRESH-INTERVAL;VALUE=DURATION:PT30M');
    expect(contentLine('X-A', 'v', { P: 'a:b' })).toBe('X-A;P="a:b":v');
  });

  it('hashes feed tokens with SHA-256 and recognises the token form', () => {
    expect(feedTokenHash('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    expect(FEED_TOKEN_PATTERN.test('A'.repeat(43))).toBe(true);
    expect(FEED_TOKEN_PATTERN.test('A'.repeat(42))).toBe(false);
    expect(FEED_TOKEN_PATTERN.test(`${'A'.repeat(42)}/`)).toBe(false);
  });
});

describe('tasks as events', () => {
  it('marks done tasks with ✓ and names the customer of a follow-up appointment', () => {
    expect(taskSummary(task({ status: 'done' }), 'zh-CN')).toBe('✓ 给陈总打电话');
    expect(taskSummary(task({ followUpId: 'f', title: '送样品' }), 'zh-CN')).toBe('跟进：上海华信精密机械有限公司 · 送样品');
    expect(taskSummary(task({ followUpId: 'f', title: '跟进上海华信精密机械有限公司' }), 'zh-CN')).toBe('跟进：跟进上海华信精密机械有限公司');
    expect(taskSummary(task({ followUpId: 'f', title: 'Send samples', status: 'done' }), 'en')).toBe('✓ Follow-up: 上海华信精密机械有限公司 · Send samples');
    expect(taskSummary(task({ followUpId: 'f', customerName: null, leadCompanyName: '杭州云帆', leadNumber: 'LX2026001', title: '回访' }), 'zh-CN')).toBe('跟进：杭州云帆 · 回访');
  });

  it('describes type, priority, customer or lead, contact, closed status and the task text', () => {
    expect(taskDescription(task({ description: '确认报价\n带上样品' }), 'zh-CN')).toBe('类型：电话\n优先级：高\n客户：上海华信精密机械有限公司\n联系人：陈明\n\n确认报价\n带上样品');
    expect(
      taskDescription(task({ customerName: null, contactName: null, leadNumber: 'LX2026001', leadContactName: '李雷', leadCompanyName: '杭州云帆', status: 'cancelled', priority: 'low', type: 'visit' }), 'en'),
    ).toBe('Type: Visit\nPriority: Low\nLead: LX2026001 李雷 · 杭州云帆\nStatus: Cancelled');
  });

  it('maps status, sequence and the reminder; closed tasks have no alarm', () => {
    const open = taskToEvent(task(), 'zh-CN');
    expect(open).toMatchObject({ uid: '0190a0c0-0000-7000-8000-000000000001@kehu', status: 'CONFIRMED', sequence: 3, durationMinutes: 30, alarm: { minutesBefore: 15 } });
    expect(taskToEvent(task({ reminderMinutes: null }), 'zh-CN').alarm).toBeNull();
    expect(taskToEvent(task({ status: 'done' }), 'zh-CN')).toMatchObject({ status: 'CONFIRMED', alarm: null });
    expect(taskToEvent(task({ status: 'cancelled' }), 'zh-CN')).toMatchObject({ status: 'CANCELLED', alarm: null });
    expect(taskToEvent(task({ followUpId: 'f' }), 'zh-CN').categories).toEqual(['Kehu', '跟进', '电话']);
  });
});

describe('a whole calendar', () => {
  it('is exactly the expected RFC 5545 text', () => {
    const text = taskCalendar({
      userDisplayName: '王芳',
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
      tasks: [task({ description: '确认报价；带上样品, 再约时间' })],
    });
    expect(unfold(text)).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Kehu//Kehu CRM//ZH',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Kehu 任务 – 王芳',
        'NAME:Kehu 任务 – 王芳',
        'X-WR-TIMEZONE:Asia/Shanghai',
        'REFRESH-INTERVAL;VALUE=DURATION:PT30M',
        'X-PUBLISHED-TTL:PT30M',
        'BEGIN:VEVENT',
        'UID:0190a0c0-0000-7000-8000-000000000001@kehu',
        'DTSTAMP:20260102T030405Z',
        'DTSTART:20260105T020000Z',
        'DURATION:PT30M',
        'SUMMARY:给陈总打电话',
        'DESCRIPTION:类型：电话\\n优先级：高\\n客户：上海华信精密机械有限公司\\n联系人：陈明\\n\\n确认报价；带上样品\\, 再约时间',
        'STATUS:CONFIRMED',
        'SEQUENCE:3',
        'CATEGORIES:Kehu,电话',
        'CREATED:20260101T000000Z',
        'LAST-MODIFIED:20260102T030405Z',
        'TRANSP:TRANSPARENT',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'TRIGGER:-PT15M',
        'DESCRIPTION:给陈总打电话',
        'END:VALARM',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    expect(rfc5545Problems(text)).toEqual([]);
  });

  it('stays valid with hostile text and parses back to the same values with ical.js', () => {
    const nasty = '报价;折扣,备注\\路径\n第二行：' + '很长的说明文字'.repeat(20) + ' 😀 end';
    const tasks = [
      task({ title: nasty, description: nasty }),
      task({ id: '0190a0c0-0000-7000-8000-000000000002', status: 'cancelled', title: 'A, B; C' }),
      task({ id: '0190a0c0-0000-7000-8000-000000000003', status: 'done', reminderMinutes: 0, followUpId: 'f', title: '回访' }),
    ];
    const text = taskCalendar({ userDisplayName: '张三, 李四; \\ 王五', timeZone: 'Asia/Shanghai', locale: 'zh-CN', tasks });
    expect(rfc5545Problems(text)).toEqual([]);

    // ical.js keeps unknown properties raw; calendar apps read these two as TEXT, so tell it so.
    for (const name of ['x-wr-calname', 'name']) ICAL.design.icalendar.property[name] = { defaultType: 'text' };
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Kehu 任务 – 张三, 李四; \\ 王五');
    expect(cal.getFirstPropertyValue('name')).toBe('Kehu 任务 – 张三, 李四; \\ 王五');
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual([nasty, 'A, B; C', '✓ 跟进：上海华信精密机械有限公司 · 回访']);
    expect(events[0]!.description).toContain(nasty);
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-01-05T02:00:00.000Z');
    expect(events[0]!.duration.toSeconds()).toBe(1800);
    expect(events[1]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('serialises an empty calendar', () => {
    const text = serializeCalendar({ prodId: '-//Kehu//Kehu CRM//EN', name: 'Kehu tasks – Amy', timeZone: 'Europe/Berlin', refreshMinutes: 30, events: [] });
    expect(rfc5545Problems(text)).toEqual([]);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('X-WR-TIMEZONE:Europe/Berlin\r\nREFRESH-INTERVAL;VALUE=DURATION:PT30M\r\nX-PUBLISHED-TTL:PT30M\r\nEND:VCALENDAR\r\n')).toBe(true);
  });
});
