import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileStorage } from './local.ts';
import { isStorageKey, newStorageKey } from './storage.ts';

let root: string;
let storage: LocalFileStorage;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-storage-test-'));
  storage = new LocalFileStorage(root);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

async function keys(): Promise<string[]> {
  const out: string[] = [];
  for await (const o of storage.list()) out.push(o.key);
  return out.sort();
}

describe('storage keys', () => {
  it('are random, sharded by their own first characters, and nothing else is a key', () => {
    const a = newStorageKey();
    expect(a).toMatch(/^([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{28}$/);
    expect(newStorageKey()).not.toBe(a);
    expect(isStorageKey(a)).toBe(true);
    for (const bad of ['../../etc/passwd', 'ab/cd/../../x', '/ab/cd/abcd', `ab/cd/${'0'.repeat(32)}`, 'AB/CD/ABCD']) expect(isStorageKey(bad), bad).toBe(false);
  });
});

describe('LocalFileStorage', () => {
  it('stores, opens, lists and deletes, in sharded folders under its root', async () => {
    const key = newStorageKey();
    await storage.put(key, Readable.from([Buffer.from('第一部分'), Buffer.from(' and the rest')]));
    expect(fs.existsSync(path.join(root, ...key.split('/')))).toBe(true);
    const file = await storage.open(key);
    expect(file?.size).toBe(Buffer.byteLength('第一部分 and the rest'));
    expect(await text(file!.stream)).toBe('第一部分 and the rest');
    expect(await keys()).toEqual([key]);
    await storage.delete(key);
    await storage.delete(key); // again: nothing happens
    expect(await storage.open(key)).toBeNull();
    expect(await keys()).toEqual([]);
  });

  it('leaves nothing under the key when the source fails midway', async () => {
    const key = newStorageKey();
    async function* failing() {
      yield Buffer.from('half a file');
      throw new Error('client went away');
    }
    await expect(storage.put(key, Readable.from(failing()))).rejects.toThrow('client went away');
    expect(await storage.open(key)).toBeNull();
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });

  it('refuses keys it did not make', async () => {
    await expect(storage.put('../escape', Readable.from([Buffer.from('x')]))).rejects.toThrow(/not a storage key/);
    expect(() => storage.pathOf('ab/cd/../../../x')).toThrow(/not a storage key/);
  });

  it('lists modification times and purges old leftovers of interrupted writes only', async () => {
    const key = newStorageKey();
    await storage.put(key, Readable.from([Buffer.from('x')]));
    const listed: { key: string; modifiedAt: Date }[] = [];
    for await (const o of storage.list()) listed.push(o);
    expect(listed).toEqual([{ key, modifiedAt: expect.any(Date) }]);
    expect(Math.abs(listed[0]!.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);

    const tmp = path.join(root, '.tmp');
    fs.writeFileSync(path.join(tmp, 'old.part'), 'crashed');
    fs.writeFileSync(path.join(tmp, 'new.part'), 'in progress');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(path.join(tmp, 'old.part'), twoHoursAgo, twoHoursAgo);
    // Stray files that are not keys are neither listed nor touched.
    fs.writeFileSync(path.join(root, 'README'), 'not ours');
    expect(await storage.purgeIncomplete(new Date(Date.now() - 3_600_000))).toBe(1);
    expect(fs.readdirSync(tmp)).toEqual(['new.part']);
    expect(await keys()).toEqual([key]);
  });
});
