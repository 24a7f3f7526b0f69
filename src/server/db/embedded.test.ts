import { describe, expect, it } from 'vitest';
import { SERVER_MALLOC_ENV, serverSettings, withEnvironment } from './embedded.ts';

const GiB = 1024 ** 3;

describe('serverSettings', () => {
  it('gives PostgreSQL a quarter of the memory for shared buffers, between 128 MB and 2 GB', () => {
    const of = (memory: number) => Object.fromEntries(serverSettings(memory));
    expect(of(24 * GiB)).toMatchObject({ shared_buffers: '2048MB', wal_buffers: '64MB' });
    expect(of(2 * GiB)).toMatchObject({ shared_buffers: '512MB', wal_buffers: '16MB' });
    expect(of(0.25 * GiB)).toMatchObject({ shared_buffers: '128MB', wal_buffers: '4MB' });
    expect(of(4 * GiB)).toMatchObject({ max_wal_size: '2GB', checkpoint_timeout: '15min' });
  });
});

describe('the allocator settings of the embedded server', () => {
  it('are in the environment of what is started with them (the server inherits it), and gone from ours afterwards', async () => {
    const { execFile } = await import('node:child_process');
    const envOfChild = () =>
      new Promise<string>((resolve, reject) => {
        execFile('/usr/bin/env', (err, out) => (err ? reject(new Error(err.message)) : resolve(out)));
      });
    process.env.MALLOC_TRIM_THRESHOLD_ = 'mine';
    try {
      const seen = await withEnvironment(SERVER_MALLOC_ENV, envOfChild);
      expect(seen.split('\n')).toEqual(expect.arrayContaining(['MALLOC_MMAP_THRESHOLD_=33554432', 'MALLOC_TRIM_THRESHOLD_=67108864']));
      expect(process.env.MALLOC_MMAP_THRESHOLD_).toBeUndefined();
      expect(process.env.MALLOC_TRIM_THRESHOLD_).toBe('mine');
      // Restored when starting fails too.
      await expect(withEnvironment(SERVER_MALLOC_ENV, () => Promise.reject(new Error('no start')))).rejects.toThrow('no start');
      expect(process.env.MALLOC_MMAP_THRESHOLD_).toBeUndefined();
    } finally {
      delete process.env.MALLOC_TRIM_THRESHOLD_;
    }
  });
});
