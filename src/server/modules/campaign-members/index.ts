/**
 * Public entry of the campaign-members module. Nothing imports it yet: its routes are mounted
 * through its manifest, and leads join campaigns through a database trigger.
 */
export {};
