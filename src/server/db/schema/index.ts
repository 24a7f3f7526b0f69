export * from './org.table.ts';
export * from './auth.table.ts';
export * from './audit.table.ts';
export * from './platform.table.ts';
export * from './customers.table.ts';
export * from './leads.table.ts';
export * from './imports.table.ts';
