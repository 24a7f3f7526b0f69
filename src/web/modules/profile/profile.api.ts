import type { z } from 'zod';
import type { ApiToken, createTokenBody, createTokenResponse } from '../../../contracts/auth.ts';
import { api } from '../../app/http.ts';

export type CreateTokenBody = z.input<typeof createTokenBody>;
export type CreateTokenResponse = z.infer<typeof createTokenResponse>;

export const tokensKeys = {
  all: ['tokens'] as const,
};

export function listTokens(signal?: AbortSignal): Promise<{ items: ApiToken[] }> {
  return api('/auth/tokens', { signal });
}

export function createToken(body: CreateTokenBody): Promise<CreateTokenResponse> {
  return api('/auth/tokens', { method: 'POST', body });
}

export function revokeToken(id: string): Promise<{ ok: true }> {
  return api(`/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
