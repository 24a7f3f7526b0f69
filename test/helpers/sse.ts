import http from 'node:http';

export interface SseEvent {
  event: string;
  data: any;
}

export interface SseConnection {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Events received so far, in order (comments and retry fields left out). */
  events: SseEvent[];
  /** How many comment lines (heartbeats) came. */
  comments: number;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  readonly isEnded: boolean;
  /** The body of a non-stream answer (e.g. a 401). */
  body(): string;
  /** Waits until an event after index `from` matches (default: any index). */
  next(match: (e: SseEvent) => boolean, opts?: { from?: number; timeoutMs?: number }): Promise<SseEvent>;
  close(): void;
}

/**
 * Opens an event stream over a real socket with node:http, like a browser's EventSource (which
 * sends the session cookie) would, and parses what arrives.
 */
export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      const events: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      let raw = '';
      let comments = 0;
      let isEnded = false;
      const wake = () => {
        for (const w of [...waiters]) w();
      };
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          let event = 'message';
          const data: string[] = [];
          let isComment = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) isComment = true;
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) });
          else if (isComment) comments++;
        }
        wake();
      });
      const ended = new Promise<void>((done) => {
        const finish = () => {
          isEnded = true;
          wake();
          done();
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      });
      const conn: SseConnection = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        get comments() {
          return comments;
        },
        ended,
        get isEnded() {
          return isEnded;
        },
        body: () => raw,
        next: (match, opts = {}) =>
          new Promise((ok, fail) => {
            const from = opts.from ?? 0;
            const check = () => {
              const found = events.slice(from).find(match);
              if (found) {
                cleanup();
                ok(found);
              } else if (isEnded) {
                cleanup();
                fail(new Error(`stream ended; events: ${JSON.stringify(events)}`));
              }
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(new Error(`no matching event within ${opts.timeoutMs ?? 5000} ms; events: ${JSON.stringify(events)}`));
            }, opts.timeoutMs ?? 5000);
            const cleanup = () => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          }),
        close: () => {
          req.destroy();
        },
      };
      resolve(conn);
    });
    req.on('error', reject);
  });
}
