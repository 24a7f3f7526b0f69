/**
 * Public entry of the feedback module. Only the demo data uses it; its
 * manifest (<name>.module.ts) is registered in modules/index.ts. Other modules import only
 * this file.
 */
// Used by the demo data (src/server/demo-customers.ts).
export { createFeedback } from './feedback.service.ts';
