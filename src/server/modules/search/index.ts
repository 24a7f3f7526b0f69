/**
 * Public entry of the search module (the header's global search). It exports nothing: other
 * modules take part by declaring a `search` source in their manifests.
 */
export {};
