/**
 * Public entry of the home module (the home page's team figures). It exports nothing: no other
 * module uses it.
 */
export {};
