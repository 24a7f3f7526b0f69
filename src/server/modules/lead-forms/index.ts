/**
 * Public entry of the lead-forms module. Nothing imports it: its routes (the API and the public
 * form pages) are mounted through its manifest.
 */
export {};
