/**
 * Public entry of the campaigns module: the campaign scope rule and the scoped finder (the
 * members module checks campaigns with them), and the attribution check leads use. Other modules
 * import only this file; everything else in the folder is private.
 */
export { campaignNames, campaignScope } from './campaigns.queries.ts';
export { requireAttributableCampaign, requireVisibleCampaign, toCampaign, writeTargetSegment } from './campaigns.service.ts';
