/**
 * Public entry of the followup-cadence module: the follow-up cadence (跟进策略): the setting and the
 * "past its cadence" SQL condition customers and leads filter on. Other modules import only this
 * file; everything else in the folder is private.
 */
export { pastCadence } from './followup-cadence.queries.ts';
export { getCadence, setCadence } from './followup-cadence.service.ts';
