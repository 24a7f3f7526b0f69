/**
 * Public entry of the views module. No other module uses it yet, so nothing is exported; its
 * manifest (<name>.module.ts) is registered in modules/index.ts. Other modules import only
 * this file.
 */
export {};
