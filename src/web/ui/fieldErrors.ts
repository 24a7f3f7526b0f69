import type { FormInstance } from 'antd';

/** One per-field message of a 400 / 409 / 422 answer: where (`body.email`, `/email`) and what. */
export type FieldIssue = { path: string; message: string };

/** "body.email", "/email", "email" and "permissions.3" all name the form field they start with. */
export function fieldNameOf(path: string): string {
  const parts = path.split(/[./]/).filter(Boolean);
  const first = parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params' ? parts[1] : parts[0];
  return first ?? '';
}

/** A form field's name: a top-level field, or a path into a list (`['items', 0, 'unitPrice']`). */
export type FieldName = string | (string | number)[];

/**
 * How API fields are shown on a form: a record renames top-level fields the form shows under
 * another name (three codes in one picker); a function maps a whole issue path, for fields inside
 * a list (`items.0.unitPriceFen` → `['items', 0, 'unitPrice']`), null when it names no field.
 */
export type FieldMap = Readonly<Record<string, string>> | ((path: string) => FieldName | null);

function mapField(path: string, fieldMap: FieldMap): FieldName {
  if (typeof fieldMap === 'function') return fieldMap(path) ?? '';
  const raw = fieldNameOf(path);
  return fieldMap[raw] ?? raw;
}

/**
 * The server's issues sorted onto the form's fields: messages per known field (in the order the
 * fields first appear) and the issues that match no field, which the caller still has to show.
 * A field is known when the form has its top-level name.
 */
export function matchFieldIssues(
  details: readonly FieldIssue[],
  knownFields: ReadonlySet<string>,
  fieldMap: FieldMap = {},
): { byField: [FieldName, string[]][]; unmatched: FieldIssue[] } {
  const byField = new Map<string, [FieldName, string[]]>();
  const unmatched: FieldIssue[] = [];
  for (const issue of details) {
    const name = mapField(issue.path, fieldMap);
    const top = Array.isArray(name) ? name[0] : name;
    if (typeof top !== 'string' || !top || !knownFields.has(top)) {
      unmatched.push(issue);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? [name, []];
    entry[1].push(issue.message);
    byField.set(key, entry);
  }
  return { byField: [...byField.values()], unmatched };
}

/**
 * Put the server's per-field messages on the form and scroll to the first. Returns the issues
 * that matched no field on this form, so the caller can still show them.
 */
export function applyFieldErrors(form: FormInstance, details: readonly FieldIssue[], fieldMap: FieldMap = {}): FieldIssue[] {
  const known = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
  const { byField, unmatched } = matchFieldIssues(details, known, fieldMap);
  form.setFields(byField.map(([name, errors]) => ({ name, errors })));
  const first = byField[0];
  if (first) form.scrollToField(first[0]);
  return unmatched;
}
