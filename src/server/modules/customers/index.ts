/**
 * Public entry of the customers module: the customer scope rule, the scoped finder
 * (requireVisibleCustomer), the list filters exports and the pool reuse, the create used by lead
 * conversion and imports, the normalisation rules, industries and administrative divisions. Other
 * modules import only this file; everything else in the folder is private.
 */
export { activeIndustry, customerFilterConditions, customerNeedsFollowUp, customerScope, customerSortKey, findCustomer, inRfmClasses, recordFirstTouchCampaign } from './customers.queries.ts';
export { formatPhone, normaliseCompanyName, normaliseEmail, normalisePhone, phoneDigitsForSearch, phoneSearchDigits, validateCreditCode } from './customers.rules.ts';
export { customerTimeline, getCustomer, insertCustomer, listCustomerPage, prepareCustomer, requireVisibleCustomer } from './customers.service.ts';
// The single-record actions bulk actions run for each record (modules/bulk).
export { assignCustomer, updateCustomer } from './customers.service.ts';
export { customersNamedLike, expectedThroughCustomerNames, THROUGH_CUSTOMER_NAMES_CAP } from './customer-names.queries.ts';
export { DEFAULT_INDUSTRIES } from './industries.ts';
export { findDivision, pathOf, provinces, regionOf, shortPlaceName } from './regions/regions.ts';
// Used by the demo data (src/server/demo-customers.ts) and the boot (bootstrap.ts).
export { createCustomer } from './customers.service.ts';
export { refreshNameKeys } from './names/backfill.ts';
