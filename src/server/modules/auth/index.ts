/**
 * Public entry of the auth module: what users needs of sign-in state: lockouts and token
 * revocation when an account changes. Other modules import only this file; everything else in the
 * folder is private.
 */
export { lockedKeys, recordAttempt, revokeUserTokens } from './auth.queries.ts';
