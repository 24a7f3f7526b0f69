import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** One stored object, as the sweeper sees it. */
export interface StoredObject {
  key: string;
  /** When its bytes were written. */
  modifiedAt: Date;
}

/**
 * Where uploaded files live: local disk by default (`local.ts`), object storage (S3-compatible)
 * in a scale-out. Knows bytes and keys only; which record a file belongs to is the business of
 * the table that names the key. Keys are made by `newStorageKey`, never from a user's file name.
 */
export interface FileStorage {
  /**
   * Stores the bytes of `source` under `key`, all or nothing: a reader never sees a partial
   * file, and a failed or interrupted write leaves no object under the key (at most an incomplete
   * write that `purgeIncomplete` removes). Replaces an object already under the key.
   */
  put(key: string, source: Readable): Promise<void>;
  /** The bytes under `key` as a stream, with their size; null when there is no such object. */
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Removes the object; nothing happens when there is none (so retries are harmless). */
  delete(key: string): Promise<void>;
  /** Every stored object (in no particular order), for the sweeper that removes orphans. */
  list(): AsyncIterable<StoredObject>;
  /**
   * Removes what interrupted writes (a crash in the middle of `put`) left behind before
   * `olderThan`; returns how many. (On object storage: aborting stale multipart uploads.)
   */
  purgeIncomplete(olderThan: Date): Promise<number>;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/;

/**
 * A fresh random key, `ab/cd/abcd…` (128 random bits): the first two pairs shard the objects over
 * 65,536 folders, so no folder grows large on disk.
 */
export function newStorageKey(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`;
}

/** Whether a string has the form of a key made by `newStorageKey` (no path tricks possible). */
export function isStorageKey(key: string): boolean {
  return KEY.test(key) && key.slice(0, 2) === key.slice(6, 8) && key.slice(3, 5) === key.slice(8, 10);
}
