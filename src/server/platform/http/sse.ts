import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Server-Sent Events framing (text/event-stream, WHATWG HTML §9.2): an event is `event:` and
 * `data:` lines ended by a blank line; a line starting with `:` is a comment, which keeps
 * proxies from closing an idle connection. Data is JSON on one `data:` line per line of text.
 */
export function sseEvent(event: string, data: unknown): string {
  if (!/^[A-Za-z][\w.-]*$/.test(event)) throw new Error(`invalid event name "${event}"`);
  const json = JSON.stringify(data) ?? 'null';
  // JSON.stringify escapes newlines inside strings; split anyway, so a line break can never end the event early.
  const lines = json.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`);
  return `event: ${event}\n${lines.join('')}\n`;
}

/** A comment line (heartbeat); line breaks in the text are dropped. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** Tells the browser how long to wait before reconnecting after the stream ends or drops. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

/** Sends `body` as an event stream: not cached, not buffered by proxies (nginx's X-Accel-Buffering). */
export function sendEventStream(reply: FastifyReply, body: Readable): FastifyReply {
  return reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-transform')
    .header('x-accel-buffering', 'no')
    .send(body);
}
