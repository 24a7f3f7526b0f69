/**
 * Public entry of the numbering module: number patterns (render, sequence scope key) and the next
 * number of a customer, lead or sales document. Other modules import only this file; everything
 * else in the folder is private.
 */
export { DEFAULT_CUSTOMER_NUMBER_PATTERN, mayOccurInNumber, NO_INDUSTRY_CODE, numberDateParts, readNumber, renderNumber, sequenceScopeKey } from './numbering.rules.ts';
export { nextDocumentNumber, numberPattern } from './numbering.service.ts';
