import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteSource } from './attachments.rules.ts';

/** The upload went past the limit; nothing of it is kept. */
export class UploadTooLargeError extends Error {
  constructor() {
    super('upload too large');
  }
}

export interface SpooledUpload {
  file: string;
  size: number;
  sha256: string;
  /** Removes the temporary file (always call it, in a `finally`). */
  discard(): Promise<void>;
}

/**
 * Writes an upload to a private temporary file (under the system's temp folder, TMPDIR) while
 * counting its bytes and hashing them, so a 20 MB file never sits in memory. Past `maxBytes` it
 * stops with UploadTooLargeError and removes what it wrote. The request stream is not destroyed
 * (only no longer read), so the caller can still answer 413 on the same connection.
 */
export async function spoolUpload(body: Readable, maxBytes: number): Promise<SpooledUpload> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kehu-attachment-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, 'upload');
  const hash = createHash('sha256');
  let size = 0;
  async function* counted() {
    for await (const chunk of body.iterator({ destroyOnReturn: false })) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > maxBytes) throw new UploadTooLargeError();
      hash.update(bytes);
      yield bytes;
    }
  }
  try {
    await pipeline(counted, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await discard();
    throw err;
  }
  return { file, size, sha256: hash.digest('hex'), discard };
}

/** Random access to a file on disk for the content rules; close it after use. */
export async function fileByteSource(file: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await open(file, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (position, length) => {
      const start = Math.max(0, Math.min(position, size));
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
      if (buffer.length === 0) return buffer;
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}
