/**
 * Public entry of the followups module: the scoped finder of a follow-up. Its routes and jobs are
 * mounted by modules/index.ts and jobs.ts. Other modules import only this file.
 */
export { requireVisibleFollowUp } from './followups.service.ts';
