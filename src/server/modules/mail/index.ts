/**
 * Public entry of the mail module. No other module uses it yet, so nothing is exported; its routes
 * and jobs are mounted by modules/index.ts and jobs.ts. Other modules import only this file.
 */
export {};
