/**
 * A structural RFC 5545 check of iCalendar text, independent of the writer under test: line
 * breaks, line length in octets, folding, BEGIN/END nesting, and the properties each component
 * must have (or may have only once). Answers the problems found; an empty list means valid.
 */

const ONCE: Record<string, readonly string[]> = {
  VCALENDAR: ['VERSION', 'PRODID', 'CALSCALE', 'METHOD'],
  VEVENT: [
    'UID', 'DTSTAMP', 'DTSTART', 'CLASS', 'CREATED', 'DESCRIPTION', 'GEO', 'LAST-MODIFIED', 'LOCATION', 'ORGANIZER',
    'PRIORITY', 'SEQUENCE', 'STATUS', 'SUMMARY', 'TRANSP', 'URL', 'RECURRENCE-ID', 'DTEND', 'DURATION',
  ],
  VALARM: ['ACTION', 'TRIGGER', 'DESCRIPTION', 'SUMMARY', 'DURATION', 'REPEAT'],
};
const REQUIRED: Record<string, readonly string[]> = {
  VCALENDAR: ['VERSION', 'PRODID'],
  // DTSTART is required when the calendar has a METHOD (ours always does).
  VEVENT: ['UID', 'DTSTAMP', 'DTSTART'],
  VALARM: ['ACTION', 'TRIGGER'],
};
const UTC_DATE_TIME = /^\d{8}T\d{6}Z$/;
const DURATION = /^[+-]?P(\d+W|(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)$/;

interface Component {
  name: string;
  props: { name: string; params: string; value: string }[];
  children: Component[];
}

export function rfc5545Problems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('does not end with CRLF');
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) problems.push('has a bare CR or LF');
  if (Buffer.from(text, 'utf8').toString('utf8') !== text || text.includes('\uFFFD')) problems.push('is not valid UTF-8');

  const physical = text.replace(/\r\n$/, '').split('\r\n');
  physical.forEach((line, i) => {
    const octets = Buffer.byteLength(line, 'utf8');
    if (octets > 75) problems.push(`line ${i + 1} has ${octets} octets`);
    if (line === '') problems.push(`line ${i + 1} is empty`);
  });
  if (/^[ \t]/.test(physical[0] ?? '')) problems.push('starts with a continuation line');

  // Unfold: a CRLF followed by one space or tab is removed.
  const logical = text.replace(/\r\n[ \t]/g, '').replace(/\r\n$/, '').split('\r\n');
  const stack: Component[] = [];
  const roots: Component[] = [];
  for (const line of logical) {
    const m = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$/.exec(line);
    if (!m) {
      problems.push(`not a content line: ${line.slice(0, 40)}`);
      continue;
    }
    const name = m[1]!.toUpperCase();
    const value = m[3]!;
    if (name === 'BEGIN') {
      const c: Component = { name: value.toUpperCase(), props: [], children: [] };
      (stack.at(-1)?.children ?? roots).push(c);
      stack.push(c);
    } else if (name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== value.toUpperCase()) problems.push(`END:${value} does not close ${open?.name ?? 'anything'}`);
    } else {
      const current = stack.at(-1);
      if (!current) problems.push(`property ${name} outside any component`);
      else current.props.push({ name, params: m[2]!, value });
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.map((c) => c.name).join(', ')}`);
  if (roots.length !== 1 || roots[0]?.name !== 'VCALENDAR') problems.push('not exactly one VCALENDAR');

  const check = (c: Component, path: string) => {
    const count = (p: string) => c.props.filter((x) => x.name === p).length;
    const value = (p: string) => c.props.find((x) => x.name === p)?.value;
    for (const p of REQUIRED[c.name] ?? []) if (count(p) !== 1) problems.push(`${path}: ${p} missing`);
    for (const p of ONCE[c.name] ?? []) if (count(p) > 1) problems.push(`${path}: ${p} more than once`);
    if (c.name === 'VCALENDAR' && value('VERSION') !== '2.0') problems.push(`${path}: VERSION is not 2.0`);
    if (c.name === 'VEVENT') {
      if (count('DTEND') > 0 && count('DURATION') > 0) problems.push(`${path}: both DTEND and DURATION`);
      for (const p of ['DTSTAMP', 'DTSTART', 'CREATED', 'LAST-MODIFIED']) {
        const v = value(p);
        if (v !== undefined && !UTC_DATE_TIME.test(v)) problems.push(`${path}: ${p} ${v} is not a UTC date-time`);
      }
      const d = value('DURATION');
      if (d !== undefined && !DURATION.test(d)) problems.push(`${path}: DURATION ${d}`);
      const s = value('STATUS');
      if (s !== undefined && !['TENTATIVE', 'CONFIRMED', 'CANCELLED'].includes(s)) problems.push(`${path}: STATUS ${s}`);
      const seq = value('SEQUENCE');
      if (seq !== undefined && !/^\d+$/.test(seq)) problems.push(`${path}: SEQUENCE ${seq}`);
    }
    if (c.name === 'VALARM') {
      const t = value('TRIGGER');
      if (t !== undefined && !DURATION.test(t)) problems.push(`${path}: TRIGGER ${t}`);
      if (value('ACTION') === 'DISPLAY' && count('DESCRIPTION') !== 1) problems.push(`${path}: DISPLAY alarm without DESCRIPTION`);
    }
    for (const p of c.props) {
      // TEXT values: a backslash only before \ ; , n N; ; and , only escaped (CATEGORIES: commas separate values).
      const isText = ['SUMMARY', 'DESCRIPTION', 'X-WR-CALNAME', 'UID', 'LOCATION'].includes(p.name);
      if (!isText && p.name !== 'CATEGORIES') continue;
      const bare = p.value.replace(/\\[\\;,nN]/g, '');
      if (bare.includes('\\')) problems.push(`${path}: ${p.name} has a bad escape`);
      if (bare.includes(';') || (isText && bare.includes(','))) problems.push(`${path}: ${p.name} has an unescaped ; or ,`);
    }
    c.children.forEach((child, i) => check(child, `${path}/${child.name}[${i}]`));
  };
  roots.forEach((r) => check(r, r.name));
  return problems;
}
