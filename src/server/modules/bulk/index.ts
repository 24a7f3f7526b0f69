/**
 * Public entry of the bulk module. No other module uses it, so nothing is exported; its routes and
 * job come from its manifest, registered in modules/index.ts. Other modules import only this file.
 */
export {};
