import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isStorageKey, type FileStorage, type StoredObject } from './storage.ts';

/** Temporary files of writes in progress, inside the root so that the final rename stays on one file system. */
const TMP_DIR = '.tmp';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Files on local disk under `root` (normally `<DATA_DIR>/files`): `root/ab/cd/abcd…`. A write
 * goes to `root/.tmp/` first, is flushed to disk and then renamed into place, so an object is
 * either whole or absent. For one machine; several API processes on several machines need a
 * shared storage (object storage) instead.
 */
export class LocalFileStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file of a key; refuses anything that is not a key we made (no `..`, no absolute paths). */
  pathOf(key: string): string {
    if (!isStorageKey(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, source: Readable): Promise<void> {
    const target = this.pathOf(key);
    const tmpDir = path.join(this.root, TMP_DIR);
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
    try {
      // `flush`: the bytes are on disk before the rename makes them visible.
      await pipeline(source, createWriteStream(tmp, { flags: 'wx', mode: 0o640, flush: true }));
      await mkdir(path.dirname(target), { recursive: true });
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    const file = this.pathOf(key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      // The stream owns the handle from here and closes it when done or destroyed.
      return { stream: handle.createReadStream(), size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const first of await this.dirNames(this.root)) {
      if (first === TMP_DIR) continue;
      for (const second of await this.dirNames(path.join(this.root, first))) {
        const dir = path.join(this.root, first, second);
        let names: string[];
        try {
          names = await readdir(dir);
        } catch (err) {
          if (isMissing(err)) continue;
          throw err;
        }
        for (const name of names) {
          const key = `${first}/${second}/${name}`;
          if (!isStorageKey(key)) continue;
          try {
            const info = await stat(path.join(dir, name));
            if (info.isFile()) yield { key, modifiedAt: info.mtime };
          } catch (err) {
            // Deleted while we were listing.
            if (!isMissing(err)) throw err;
          }
        }
      }
    }
  }

  async purgeIncomplete(olderThan: Date): Promise<number> {
    const tmpDir = path.join(this.root, TMP_DIR);
    let names: string[];
    try {
      names = await readdir(tmpDir);
    } catch (err) {
      if (isMissing(err)) return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(tmpDir, name);
      try {
        if ((await stat(file)).mtime < olderThan) {
          await rm(file, { force: true });
          removed++;
        }
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    return removed;
  }

  private async dirNames(dir: string): Promise<string[]> {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries.filter((e) => e.isDirectory()).map((e) => e.name);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
  }
}

/** The default storage: `<dataDir>/files`. */
export function localFileStorage(root: string): LocalFileStorage {
  return new LocalFileStorage(root);
}

