import { Checkbox, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ACTIONS, type Action, type Resource } from '../../../../contracts/access.ts';
import type { CatalogueIndex } from '../catalogue.ts';

type Props = {
  /** The permission catalogue (from the server). */
  catalogue: CatalogueIndex;
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
};

const perm = (r: Resource, a: Action) => `${r}:${a}`;

/** Keep "read" whenever another action on the resource is granted: nothing else works without it. */
function normalise(catalogue: CatalogueIndex, next: Set<string>): string[] {
  for (const r of catalogue.resources) {
    const actions = catalogue.actionsOf(r);
    if (!actions.includes('read')) continue;
    if (actions.some((a) => a !== 'read' && next.has(perm(r, a)))) next.add(perm(r, 'read'));
  }
  // Stable order: the catalogue's.
  return catalogue.all.filter((p) => next.has(p));
}

type Row = { resource: Resource };

/**
 * Rows are resources, columns actions; a checkbox only where the catalogue allows the pair,
 * with select-all per row and per column. Controlled, so it works as a form field.
 */
export function PermissionMatrix({ catalogue, value = [], onChange, disabled }: Props) {
  const { t } = useTranslation();
  const granted = new Set(value);

  const setMany = (perms: string[], on: boolean) => {
    const next = new Set(granted);
    for (const p of perms) {
      if (on) next.add(p);
      else next.delete(p);
    }
    // Taking "read" away takes the rest of that resource with it.
    if (!on) {
      for (const p of perms) {
        const [r, a] = p.split(':') as [Resource, Action];
        if (a === 'read') for (const other of catalogue.actionsOf(r)) next.delete(perm(r, other));
      }
    }
    onChange?.(normalise(catalogue, next));
  };

  const rowState = (r: Resource) => {
    const all = catalogue.actionsOf(r).map((a) => perm(r, a));
    const n = all.filter((p) => granted.has(p)).length;
    return { all, checked: n === all.length, indeterminate: n > 0 && n < all.length };
  };

  const colState = (a: Action) => {
    const all = catalogue.resources.filter((r) => catalogue.actionsOf(r).includes(a)).map((r) => perm(r, a));
    const n = all.filter((p) => granted.has(p)).length;
    return { all, checked: all.length > 0 && n === all.length, indeterminate: n > 0 && n < all.length };
  };

  const allState = {
    checked: catalogue.all.every((p) => granted.has(p)),
    indeterminate: granted.size > 0 && !catalogue.all.every((p) => granted.has(p)),
  };

  const columns: TableColumnsType<Row> = [
    {
      key: 'resource',
      width: 200,
      title: (
        <Checkbox
          checked={allState.checked}
          indeterminate={allState.indeterminate}
          disabled={disabled}
          onChange={(e) => setMany([...catalogue.all], e.target.checked)}
          data-testid="perm-all"
        >
          {t('roles.matrix.resource')}
        </Checkbox>
      ),
      render: (_v, { resource }) => {
        const s = rowState(resource);
        return (
          <Checkbox
            checked={s.checked}
            indeterminate={s.indeterminate}
            disabled={disabled}
            onChange={(e) => setMany(s.all, e.target.checked)}
            data-testid={`perm-row-${resource}`}
          >
            <Typography.Text strong>{t(`access.resources.${resource}`)}</Typography.Text>
          </Checkbox>
        );
      },
    },
    ...ACTIONS.map((action) => {
      const s = colState(action);
      return {
        key: action,
        align: 'center' as const,
        title: (
          <Flex vertical align="center" gap={4}>
            <span>{t(`access.actions.${action}`)}</span>
            <Checkbox
              checked={s.checked}
              indeterminate={s.indeterminate}
              disabled={disabled || s.all.length === 0}
              onChange={(e) => setMany(s.all, e.target.checked)}
              data-testid={`perm-col-${action}`}
              aria-label={t('roles.matrix.selectColumn', { action: t(`access.actions.${action}`) })}
            />
          </Flex>
        ),
        render: (_v: unknown, { resource }: Row) =>
          catalogue.actionsOf(resource).includes(action) ? (
            <Checkbox
              checked={granted.has(perm(resource, action))}
              disabled={disabled}
              onChange={(e) => setMany([perm(resource, action)], e.target.checked)}
              data-testid={`perm-${resource}-${action}`}
              aria-label={`${t(`access.resources.${resource}`)} · ${t(`access.actions.${action}`)}`}
            />
          ) : (
            <span className="kehu-muted" aria-hidden>
              —
            </span>
          ),
      };
    }),
  ];

  return (
    <div data-testid="permission-matrix" style={{ overflowX: 'auto' }}>
      <Table<Row>
        className="kehu-matrix"
        rowKey="resource"
        size="middle"
        bordered
        pagination={false}
        columns={columns}
        dataSource={catalogue.resources.map((resource) => ({ resource }))}
        style={{ minWidth: 760 }}
      />
      <Flex justify="space-between" wrap gap={8} style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('roles.matrix.readHint')}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="perm-count">
          {t('roles.matrix.count', { granted: catalogue.all.filter((p) => granted.has(p)).length, total: catalogue.all.length })}
        </Typography.Text>
      </Flex>
    </div>
  );
}
