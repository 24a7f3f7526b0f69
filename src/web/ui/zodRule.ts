import { useCallback } from 'react';
import type { FormRule as Rule } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

function issueMessage(issue: Issue, t: TFunction, custom: Partial<Record<string, string>>): string {
  switch (issue.code) {
    case 'invalid_type':
      return t('validation.required');
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? t('validation.required') : t('validation.minLength', { min: Number(issue.minimum) });
      }
      if (issue.origin === 'array') return t('validation.minItems', { min: Number(issue.minimum) });
      return t('validation.minValue', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('validation.maxLength', { max: Number(issue.maximum) });
      if (issue.origin === 'array') return t('validation.maxItems', { max: Number(issue.maximum) });
      return t('validation.maxValue', { max: Number(issue.maximum) });
    case 'invalid_format':
      if (issue.format === 'email') return t('validation.email');
      return custom[issue.format] ?? t('validation.format');
    case 'not_multiple_of':
    case 'unrecognized_keys':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'invalid_value':
    case 'custom':
      return custom[issue.code] ?? t('validation.invalid');
  }
}

/**
 * An antd form rule that validates a field with the same zod schema the API uses, with the
 * message in the UI language. Empty inputs count as "not given" so optional fields pass.
 */
export function zodRule(schema: z.ZodType, t: TFunction, custom: Partial<Record<string, string>> = {}): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const input = value === '' || value === null ? undefined : value;
      const result = await schema.safeParseAsync(input);
      if (result.success) return;
      const first = result.error.issues[0];
      throw new Error(first ? issueMessage(first, t, custom) : t('validation.invalid'));
    },
  };
}

/**
 * The rules of a form's fields from the contract's object schema: `rules('email')` validates the
 * field with the API's own rule for it, so the form and the server never disagree.
 */
export function useZodRules<Shape extends Record<string, z.ZodType>>(shape: Shape): (field: keyof Shape & string, custom?: Partial<Record<string, string>>) => Rule[] {
  const { t } = useTranslation();
  return useCallback((field, custom = {}) => [zodRule(shape[field] as z.ZodType, t, custom)], [shape, t]);
}
