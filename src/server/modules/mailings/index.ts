/**
 * Public entry of the mailings module. Nothing imports it: its routes and its sender job are
 * mounted through its manifest.
 */
export {};
