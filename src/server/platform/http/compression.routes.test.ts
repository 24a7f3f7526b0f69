import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

/**
 * API answers are compressed for clients that accept it (a browser always does): a page of
 * customers arrives as gzip or brotli and decodes to the same JSON; small answers, clients that
 * ask for none, and the event stream are sent as they are.
 */
let h: Harness;
let admin: Client;
const BROWSER = 'gzip, deflate, br, zstd';

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  for (let i = 1; i <= 30; i++) {
    const res = await admin.post('/api/v1/customers', { name: `杭州压缩测试第${i}号科技有限公司`, address: `浙江省杭州市西湖区文三路${i}号`, needs: '需要一套能在弱网下使用的移动端 CRM' });
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await h?.close();
});

const get = (url: string, acceptEncoding?: string) => admin.request('GET', url, undefined, acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding });

describe('compression of API answers', () => {
  it('sends a list page as gzip to a browser, decoding to the same JSON', async () => {
    const plain = await get('/api/v1/customers?limit=50');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.items).toHaveLength(30);

    const packed = await get('/api/v1/customers?limit=50', BROWSER);
    expect(packed.status).toBe(200);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(String(packed.headers.vary)).toMatch(/accept-encoding/i);
    const bytes = packed.raw.rawPayload;
    expect(bytes.length).toBeLessThan(plain.raw.rawPayload.length / 3);
    const decoded = JSON.parse(zlib.gunzipSync(bytes).toString('utf8'));
    expect(decoded.items.map((c: { id: string }) => c.id)).toEqual(plain.body.items.map((c: { id: string }) => c.id));
    expect(decoded.total).toBe(30);
  });

  it('sends brotli to a client that accepts only brotli', async () => {
    const res = await get('/api/v1/customers?limit=50', 'br');
    expect(res.headers['content-encoding']).toBe('br');
    const decoded = JSON.parse(zlib.brotliDecompressSync(res.raw.rawPayload).toString('utf8'));
    expect(decoded.items).toHaveLength(30);
  });

  it('sends the JSON as it is to a client that asks for none or refuses both', async () => {
    for (const acceptEncoding of [undefined, 'identity', 'gzip;q=0, br;q=0']) {
      const res = await get('/api/v1/customers?limit=50', acceptEncoding);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.items).toHaveLength(30);
    }
  });

  it('leaves small answers and errors uncompressed, still saying they depend on Accept-Encoding', async () => {
    const none = await get(`/api/v1/customers?q=${encodeURIComponent('没有这家公司')}`, BROWSER);
    expect(none.status).toBe(200);
    expect(none.raw.rawPayload.length).toBeLessThan(1024);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(String(none.headers.vary)).toMatch(/accept-encoding/i);
    expect(none.body).toMatchObject({ items: [], total: 0 });

    const bad = await get('/api/v1/customers?limit=nope', BROWSER);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-encoding']).toBeUndefined();
    expect(bad.body.error.details[0].path).toBe('limit');
  });
});
