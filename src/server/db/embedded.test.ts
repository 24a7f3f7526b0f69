import { describe, expect, it } from 'vitest';
import { serverSettings } from './embedded.ts';

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
