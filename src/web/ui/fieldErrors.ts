import type { FormInstance } from 'antd';

/** One per-field message of a 400 / 409 / 422 answer: where (`body.email`, `/email`) and what. */
export type FieldIssue = { path: string; message: string };

/** "body.email", "/email", "email" and "permissions.3" all name the form field they start with. */
export function fieldNameOf(path: string): string {
  const parts = path.split(/[./]/).filter(Boolean);
  const first = parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params' ? parts[1] : parts[0];
  return first ?? '';
}

/**
 * The server's issues sorted onto the form's fields: messages per known field (in the order the
 * fields first appear) and the issues that match no field, which the caller still has to show.
 * `fieldMap` renames API fields the form shows under another name (three codes in one picker).
 */
export function matchFieldIssues(
  details: readonly FieldIssue[],
  knownFields: ReadonlySet<string>,
  fieldMap: Readonly<Record<string, string>> = {},
): { byField: [string, string[]][]; unmatched: FieldIssue[] } {
  const byField = new Map<string, string[]>();
  const unmatched: FieldIssue[] = [];
  for (const issue of details) {
    const raw = fieldNameOf(issue.path);
    const name = fieldMap[raw] ?? raw;
    if (name && knownFields.has(name)) byField.set(name, [...(byField.get(name) ?? []), issue.message]);
    else unmatched.push(issue);
  }
  return { byField: [...byField], unmatched };
}

/**
 * Put the server's per-field messages on the form and scroll to the first. Returns the issues
 * that matched no field on this form, so the caller can still show them.
 */
export function applyFieldErrors(form: FormInstance, details: readonly FieldIssue[], fieldMap: Readonly<Record<string, string>> = {}): FieldIssue[] {
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const { byField, unmatched } = matchFieldIssues(details, known, fieldMap);
  form.setFields(byField.map(([name, errors]) => ({ name, errors })));
  const first = byField[0];
  if (first) form.scrollToField(first[0]);
  return unmatched;
}
