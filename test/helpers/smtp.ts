import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as the test SMTP server received it: the envelope's recipients and the raw message. */
export interface ReceivedMail {
  envelopeTo: string[];
  raw: Buffer;
}

export interface TestSmtp {
  /** The `SMTP_URL` that reaches it. */
  url: string;
  /** Every mail received so far, oldest first; tests empty it between cases. */
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free port of 127.0.0.1 (smtp-server, no TLS, no login) that keeps what
 * it receives, so mail tests go through nodemailer and the wire instead of a mock. Recipients
 * for which `rejects` is true are refused with 550, as a server refuses an unknown mailbox.
 * With `dataDelayMs` the server keeps a mail (it is in `received`) and waits that long before
 * answering 250 to its DATA, so a sender killed meanwhile dies in the middle of the exchange.
 */
export async function startTestSmtp(opts: { rejects?: (address: string) => boolean; dataDelayMs?: () => number } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (opts.rejects?.(address.address)) callback(Object.assign(new Error('5.1.1 Recipient address rejected'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        const delay = opts.dataDelayMs?.() ?? 0;
        if (delay > 0) setTimeout(() => callback(), delay);
        else callback();
      });
    },
  });
  // A client that dies mid-session (a sender killed on purpose) resets its connection: not a failure of the server.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}
