/**
 * Public entry of the sales-contracts module: the contract scope rule (attachments check contracts
 * with it). Other modules import only this file; everything else in the folder is private.
 */
export { contractScope } from './sales-contracts.service.ts';
