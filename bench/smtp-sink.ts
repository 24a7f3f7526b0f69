/**
 * An SMTP sink for the mailings benchmark: a real SMTP server (smtp-server, no TLS, no login) on
 * 127.0.0.1 that reads each mail, keeps its Message-ID (to count duplicates) and throws the rest
 * away. Runs in the benchmark's process (startSink) or in a process of its own (`node
 * bench/smtp-sink.ts` through fork: it sends {port} once listening, answers {stats} to 'stats'
 * and exits on 'close'), so its CPU does not compete with the sender's.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkStats {
  mails: number;
  distinct: number;
  /** Mails whose Message-ID was seen before. */
  duplicates: number;
  /** Mails without a Message-ID header. */
  noId: number;
  /** CPU time of the sink's process so far (user + system). */
  cpuSeconds: number;
}

export interface Sink {
  port: number;
  stats(): Promise<SinkStats>;
  close(): Promise<void>;
}

const MESSAGE_ID = /^message-id:\s*(<[^>\r\n]+>)/im;

export async function startSink(): Promise<Sink> {
  const ids = new Set<string>();
  const stats: Omit<SinkStats, 'cpuSeconds'> = { mails: 0, distinct: 0, duplicates: 0, noId: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      // The headers come first: keep the first 8 KB, enough to find the Message-ID.
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('latin1', 0, Math.min(chunk.length, 8192));
      });
      stream.on('end', () => {
        stats.mails++;
        const id = MESSAGE_ID.exec(head.slice(0, head.search(/\r?\n\r?\n/) >>> 0))?.[1];
        if (!id) stats.noId++;
        else if (ids.has(id)) stats.duplicates++;
        else ids.add(id);
        stats.distinct = ids.size;
        callback();
      });
    },
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    stats: async () => {
      const cpu = process.cpuUsage();
      return { ...stats, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

if (process.argv[1]?.endsWith('smtp-sink.ts') && process.send) {
  const sink = await startSink();
  process.send({ port: sink.port });
  process.on('message', (msg) => {
    if (msg === 'stats') void sink.stats().then((s) => process.send?.({ stats: s }));
    if (msg === 'close') void sink.close().then(() => process.exit(0));
  });
}
