import { v7 } from 'uuid';

/** Time-ordered UUIDv7: inserts land at the end of the primary-key index, ids sort by creation. */
export function newId(): string {
  return v7();
}
