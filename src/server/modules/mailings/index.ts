/**
 * Public entry of the mailings module: what SMS sends share with e-mail ones — the probable-bot
 * rule for tracked links and a recipient's merge values for previews. Its routes and its sender
 * job are mounted through its manifest.
 */
export { isProbableBot } from './mailings.rules.ts';
export { recipientValues, usableTarget } from './mailings.service.ts';
