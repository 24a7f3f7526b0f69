/**
 * Public entry of the followups module: the scoped finder of a follow-up, and the create the demo
 * data uses. Its manifest (followups.module.ts) is registered in modules/index.ts. Other modules
 * import only this file.
 */
export { createFollowUp, requireVisibleFollowUp } from './followups.service.ts';
