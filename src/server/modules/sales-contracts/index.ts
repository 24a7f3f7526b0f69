/**
 * Public entry of the sales-contracts module: the contract scope rule and the scoped finder
 * (requireVisibleContract; attachments check contracts with it). Other modules import only this
 * file; everything else in the folder is private.
 */
export { contractScope, type NamedContractRow } from './sales-contracts.queries.ts';
export { requireVisibleContract } from './sales-contracts.service.ts';
