import { randomFillSync } from 'node:crypto';

/**
 * Time-ordered UUIDv7 (RFC 9562): inserts land at the end of the primary-key index, ids sort by
 * creation. The 12 bits after the millisecond timestamp are a counter (RFC 9562 §6.2, method 1),
 * so ids made in one process also sort in the order they were made within a millisecond; the
 * other 62 bits are random.
 *
 * Our own rather than the `uuid` package's: that one asked Web Crypto for 16 fresh random bytes
 * per id, ~11 µs each, a tenth of the CPU of an import of 20,000 customers. Here the random
 * bytes come from a pool filled 4 KiB at a time.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
let lastMs = -1;
let counter = 0;

function randomBytes(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const bytes = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return bytes;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function newId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    // A fresh counter starts in the lower half, leaving room to count up within the millisecond.
    counter = (randomBytes(2).readUInt16BE(0) & 0x7ff) >>> 0;
    lastMs = ms;
  } else {
    // The same millisecond (or the clock went back): count on, borrowing the next millisecond
    // when the counter runs out, so ids keep increasing.
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
  }
  const b = Buffer.allocUnsafe(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (counter >>> 8);
  b[7] = counter & 0xff;
  randomBytes(8).copy(b, 8);
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += HEX[b[i] ?? 0];
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}
