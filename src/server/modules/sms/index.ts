/**
 * Public entry of the sms module. Nothing imports it: its routes and sender job are mounted
 * through its manifest.
 */
export {};
