/**
 * Public entry of the campaign-reports module. Nothing imports it: its routes are mounted through
 * its manifest.
 */
export {};
