/**
 * Public entry of the mail module. No other module uses it yet, so nothing is exported; its routes
 * and jobs come from its manifest, registered in modules/index.ts. Other modules import only this file.
 */
export {};
