import { ATTACHMENT_FAMILY_EXTENSIONS } from '../../../contracts/attachments.ts';

/** A file size as people read it: 512 B, 12.3 KB, 4.5 MB (1 KB = 1024 bytes, like file managers). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

const ACCEPTED = new Set(Object.values(ATTACHMENT_FAMILY_EXTENSIONS).flat());

/**
 * Whether a name's extension is one attachments take; a name without one is left to the server,
 * which goes by the content anyway.
 */
export function acceptedName(name: string): boolean {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase();
  return ext === undefined || /^\d+$/.test(ext) || ACCEPTED.has(ext);
}
