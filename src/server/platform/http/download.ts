import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply } from 'fastify';

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** `attachment` with an ASCII fallback name and the real (e.g. Chinese) name per RFC 6266/8187. */
export function attachmentHeader(fileName: string): string {
  return contentDisposition('attachment', fileName);
}

/** Content-Disposition `attachment` (save) or `inline` (show in the browser), with both name forms. */
export function contentDisposition(type: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Streams a spreadsheet as the response: `write` fills the stream while the client reads it, so
 * a large export is never held in memory. A failure after the headers went out can only cut the
 * download short (the client sees an incomplete file), so it is logged and the stream destroyed.
 */
export function sendSpreadsheet(reply: FastifyReply, format: keyof typeof TYPES, fileName: string, write: (dest: Writable) => Promise<unknown>): FastifyReply {
  // A 1 MB buffer between the writer and the socket: the writers pause whenever their destination
  // is full (xlsx polls every 2 ms), and with the default 16 KB they would pause every few rows.
  const stream = new PassThrough({ highWaterMark: 1 << 20 });
  reply.header('content-type', TYPES[format]).header('content-disposition', attachmentHeader(fileName)).header('cache-control', 'no-store');
  write(stream).catch((err: unknown) => {
    reply.log.warn({ err }, 'spreadsheet download cut short');
    stream.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply.send(stream);
}
