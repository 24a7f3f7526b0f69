/**
 * Public entry of the catalog module: the demo data creates tags, and the modules that store a
 * source channel check it against the list (customers, leads, imports) or name it (exports); its
 * manifest (<name>.module.ts) is registered in modules/index.ts. Other modules import only
 * this file.
 */
// Used by the demo data (src/server/demo-customers.ts).
export { createTag } from './catalog.service.ts';
// The source channel list (来源渠道) for modules that store or show a channel.
export { activeSourceChannel, listSourceChannels as sourceChannelList, type SourceChannelRow } from './catalog.queries.ts';
