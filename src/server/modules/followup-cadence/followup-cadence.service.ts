import { cadenceSettings, DEFAULT_CADENCE } from '../../../contracts/followups.ts';
import { defineJsonSetting } from '../../platform/settings/settings.ts';
import { CADENCE_KEY } from './followup-cadence.queries.ts';

/**
 * 跟进策略: how often a customer or lead of each grade must be followed up (defaults: A weekly,
 * B every two weeks, C monthly). Records past it are flagged "needs follow-up" in lists, counted
 * on the home page and listed in the owner's daily digest.
 *
 * A module of its own below customers and leads: both filter on it ("needs follow-up") and the
 * follow-ups module, which sits above them, edits it (its routes serve the settings screen).
 */
const cadenceSetting = defineJsonSetting({ key: CADENCE_KEY, label: '跟进策略', schema: cadenceSettings, fallback: DEFAULT_CADENCE });
export const getCadence = cadenceSetting.get;
export const setCadence = cadenceSetting.set;
