/**
 * PASSWORD_HASH_COST for every server a test starts (harness, browser-test server, spawned
 * processes): scrypt at 2^10 instead of production's 2^15. Tests log in hundreds of times, and
 * at production cost hashing was a large share of the suite's CPU on a 2-core machine. That
 * production keeps its cost is tested once, in src/server/platform/access/passwords.int.test.ts.
 */
export const TEST_PASSWORD_HASH_COST = '10';
