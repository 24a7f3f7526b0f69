/**
 * Public entry of the contacts module: contacts of customers: the scoped finder, "is this contact
 * the customer's", and the insert lead conversion uses. Other modules import only this file;
 * everything else in the folder is private.
 */
export { contactOfCustomer } from './contacts.queries.ts';
export { insertContact, requireVisibleContact } from './contacts.service.ts';
// Used by the demo data (src/server/demo-customers.ts).
export { createContact } from './contacts.service.ts';
