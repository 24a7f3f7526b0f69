import { describe, expect, it } from 'vitest';
import { sseComment, sseEvent, sseRetry } from './sse.ts';

describe('Server-Sent Events framing', () => {
  it('writes an event as JSON data ended by a blank line', () => {
    expect(sseEvent('unread', { unread: 3 })).toBe('event: unread\ndata: {"unread":3}\n\n');
  });
  it('keeps line breaks and Chinese text inside the one data line', () => {
    const chunk = sseEvent('notification', { params: { title: '回访\n上海华信' } });
    expect(chunk).toBe('event: notification\ndata: {"params":{"title":"回访\\n上海华信"}}\n\n');
    expect(chunk.split('\n\n')).toHaveLength(2);
  });
  it('refuses event names that would break the framing', () => {
    expect(() => sseEvent('a\nb', 1)).toThrow();
    expect(() => sseEvent('', 1)).toThrow();
  });
  it('writes comments and the retry field', () => {
    expect(sseComment('ping')).toBe(': ping\n\n');
    expect(sseComment('a\r\nb')).toBe(': a b\n\n');
    expect(sseRetry(5000)).toBe('retry: 5000\n\n');
  });
});
