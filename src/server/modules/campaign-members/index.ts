/**
 * Public entry of the campaign-members module: the members counted per status with each viewer's
 * visibility (the campaign reports), and the writes mailings make (adding the audience as members,
 * moving them forward as mails are sent, opened and clicked). Its routes are mounted through its
 * manifest, and leads join campaigns through a database trigger.
 */
export { advanceMembers, contactsOfCustomers, insertManyMembers, markRegistered, memberStatusCounts } from './campaign-members.queries.ts';
