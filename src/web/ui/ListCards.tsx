import { isValidElement, type ReactNode } from 'react';
import { Card, Checkbox, Flex } from 'antd';
import type { TableColumnsType } from 'antd';

/**
 * How a list shows its rows as cards on a phone, by column keys: the card's title, the fields
 * under it (label and value as in the table) and the row's actions. By default the `name`
 * column (else the first) is the title, the `actions` column (or one fixed right) the actions,
 * and the next four columns the fields.
 */
export type CardSpec = { title?: string; fields?: string[]; actions?: string; /** A column drawn before the title (e.g. a "done" checkbox). */ before?: string };

type Column<T> = TableColumnsType<T>[number];

const keyOf = <T,>(c: Column<T>) => (c.key === undefined ? undefined : String(c.key));

function valueAt(row: object, dataIndex: unknown): unknown {
  if (dataIndex === undefined || dataIndex === null) return undefined;
  const path = Array.isArray(dataIndex) ? (dataIndex as (string | number)[]) : [dataIndex as string | number];
  let value: unknown = row;
  for (const step of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  return value;
}

/** A column's cell for a row, as the table would draw it. */
function cellOf<T extends object>(column: Column<T>, row: T, index: number): ReactNode {
  const value = valueAt(row, 'dataIndex' in column ? column.dataIndex : undefined);
  const rendered: unknown = 'render' in column && column.render ? column.render(value, row, index) : value;
  // A render may return { children, props } (cell spans); a card wants only the content.
  if (rendered && typeof rendered === 'object' && !isValidElement(rendered) && 'children' in rendered) return (rendered as { children: ReactNode }).children;
  return rendered as ReactNode;
}

export function cardLayout<T>(columns: TableColumnsType<T>, spec: CardSpec = {}) {
  const byKey = (key: string | undefined) => (key === undefined ? undefined : columns.find((c) => keyOf(c) === key));
  const title = byKey(spec.title) ?? byKey('name') ?? byKey('title') ?? columns[0];
  const before = byKey(spec.before);
  const actions = byKey(spec.actions) ?? byKey('actions') ?? columns.find((c) => c.fixed === 'right');
  const fields = spec.fields
    ? spec.fields.map(byKey).filter((c): c is Column<T> => c !== undefined && c !== title && c !== actions)
    : columns.filter((c) => c !== title && c !== actions && c !== before).slice(0, 4);
  return { title, actions, fields, before };
}

type Props<T> = {
  items: T[];
  columns: TableColumnsType<T>;
  spec?: CardSpec;
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  testId?: string;
  selection?: { selected: Set<string>; toggle: (row: T, on: boolean) => void };
};

/** The rows of a list as cards (name, key fields, actions), for phone-sized screens. */
export function ListCards<T extends object>({ items, columns, spec, rowKey, rowTestId, testId, selection }: Props<T>) {
  const { title, actions, fields, before } = cardLayout(columns, spec);
  return (
    <Flex vertical gap={8} className="kehu-list-cards" data-testid={testId}>
      {items.map((row, index) => (
        <Card key={rowKey(row)} size="small" className="kehu-list-card" data-testid={rowTestId?.(row)}>
          <Flex gap={8} align="flex-start">
            {selection ? (
              <Checkbox checked={selection.selected.has(rowKey(row))} onChange={(e) => selection.toggle(row, e.target.checked)} />
            ) : null}
            {before ? cellOf(before, row, index) : null}
            <div className="kehu-list-card-title">{title ? cellOf(title, row, index) : null}</div>
          </Flex>
          {fields.length ? (
            <dl className="kehu-list-card-fields">
              {fields.map((c, i) => (
                <div key={keyOf(c) ?? i}>
                  <dt>{typeof c.title === 'function' ? null : c.title}</dt>
                  <dd>{cellOf(c, row, index)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {actions ? <div className="kehu-list-card-actions kehu-table-actions">{cellOf(actions, row, index)}</div> : null}
        </Card>
      ))}
    </Flex>
  );
}
