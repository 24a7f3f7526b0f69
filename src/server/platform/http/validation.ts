import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../../contracts/auth.ts';
import { hasMessage, translate } from './messages.ts';

/** Thrown by the validator for a request that does not match its schema (→ 400). */
export class RequestValidationError extends Error {
  readonly issues: z.core.$ZodIssue[];
  validationContext?: string;
  constructor(issues: z.core.$ZodIssue[]) {
    super('Request validation failed');
    this.issues = issues;
  }
}

/**
 * Validates params, query and body with their zod schema. The input is kept on each issue so
 * the error handler can phrase the message in the caller's language.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(result.error.issues) };
  };

const zodLocales = { en: z.locales.en(), 'zh-CN': z.locales.zhCN() } as const;

export function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  // Our schemas put catalogue keys in custom messages (e.g. "validation.username").
  if (hasMessage(issue.message)) return translate(locale, issue.message);
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) {
    return translate(locale, 'validation.required');
  }
  const localised = zodLocales[locale].localeError(issue as unknown as z.core.$ZodRawIssue);
  if (typeof localised === 'string') return localised;
  return localised?.message ?? issue.message;
}

export function issuePath(issue: z.core.$ZodIssue, context: string | undefined): string {
  if (issue.path.length > 0) return issue.path.map(String).join('.');
  return context ?? 'body';
}
