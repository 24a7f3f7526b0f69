/**
 * Public entry of the tasks module: inserting a task from another use case (follow-ups, orders),
 * task counts, the reminder time rule. Other modules import only this file; everything else in the
 * folder is private.
 */
export { reminderTime } from './tasks.rules.ts';
export { insertTask, myTaskCounts, requireVisibleTask } from './tasks.service.ts';
