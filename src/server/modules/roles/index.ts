/**
 * Public entry of the roles module: the built-in roles. Other modules import only this file;
 * everything else in the folder is private.
 */
export { BUILTIN_ROLES, builtinRoleDefaults } from './roles.rules.ts';
// The boot's catalogue sync (bootstrap.ts).
export { syncBuiltinRoles } from './catalogue-sync.ts';
