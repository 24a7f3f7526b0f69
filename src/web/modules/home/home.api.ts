import type { TeamHome } from '../../../contracts/home.ts';
import { api } from '../../app/http.ts';

export const teamHomeKey = ['home', 'team'] as const;

export function getTeamHome(signal?: AbortSignal): Promise<TeamHome> {
  return api('/home/team', { signal });
}
