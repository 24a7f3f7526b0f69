/**
 * Public entry of the notifications module: notify users inside the transaction of the change they
 * report. Other modules import only this file; everything else in the folder is private.
 */
export { insertNotifications } from './notifications.queries.ts';
export { notify } from './notifications.service.ts';
