import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportValueField, ImportValuesResponse } from '../../../../contracts/imports.ts';

/** What the user chose for a value: an entry's key or id, leave the field empty, or add the value to the list. */
export type ValueChoice = { kind: 'key'; key: string } | { kind: 'empty' } | { kind: 'add' };
export type ValueItem = ImportValuesResponse['items'][number];

const EMPTY = '\u0000empty';
const ADD = '\u0000add';

export function valueItemKey(item: Pick<ValueItem, 'field' | 'value'>): string {
  return `${item.field}\u0000${item.value}`;
}

/** Channels and tags may be added to their list (by admins); industries carry a code and are added in the settings. */
function addable(field: ImportValueField, canAdd: ImportValuesResponse['canAdd']): boolean {
  return field === 'tags' ? canAdd.tag : field === 'industry' ? false : canAdd.channel;
}

/**
 * The wizard's value step: each value of the file outside Kehu's lists once, with how many rows
 * hold it and the closest entry preselected, to confirm, change, leave empty or (for admins) add
 * to the list as a new channel or tag.
 */
export function ValueStep({
  values,
  fieldLabel,
  pending,
  onBack,
  onConfirm,
}: {
  values: ImportValuesResponse;
  fieldLabel: (field: string) => string;
  pending: boolean;
  onBack: () => void;
  onConfirm: (choices: Map<string, ValueChoice>) => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Record<string, string>>(() => Object.fromEntries(values.items.flatMap((i) => (i.suggestion ? [[valueItemKey(i), i.suggestion]] : []))));
  const missing = values.items.filter((i) => !chosen[valueItemKey(i)]).length;
  const choices = useMemo(() => {
    const out = new Map<string, ValueChoice>();
    for (const [k, v] of Object.entries(chosen)) out.set(k, v === EMPTY ? { kind: 'empty' } : v === ADD ? { kind: 'add' } : { kind: 'key', key: v });
    return out;
  }, [chosen]);

  return (
    <Card title={t('imports.values.title', { count: values.items.length })} data-testid="import-values">
      <Flex vertical gap={16}>
        <Alert type="info" showIcon message={t('imports.values.hint')} />
        <Table<ValueItem>
          size="small"
          rowKey={valueItemKey}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={values.items}
          columns={[
            { title: t('imports.values.field'), key: 'field', width: 140, render: (_v, i) => fieldLabel(i.field) },
            { title: t('imports.values.value'), key: 'value', render: (_v, i) => <Typography.Text strong>{i.value}</Typography.Text> },
            { title: t('imports.values.rows'), key: 'rows', width: 160, render: (_v, i) => t('imports.values.rowsValue', { count: i.rows, first: i.firstRow }) },
            {
              title: t('imports.values.means'),
              key: 'means',
              width: 300,
              render: (_v, i) => {
                const key = valueItemKey(i);
                return (
                  <Select<string>
                    style={{ width: '100%' }}
                    showSearch
                    optionFilterProp="label"
                    placeholder={t('imports.values.choose')}
                    value={chosen[key]}
                    onChange={(v) => setChosen((c) => ({ ...c, [key]: v }))}
                    options={[
                      ...(values.options[i.field] ?? []).map((o) => ({ value: o.key, label: o.key === i.suggestion ? `${o.label}（${t('imports.values.suggested')}）` : o.label })),
                      { value: EMPTY, label: t('imports.values.leaveEmpty') },
                      ...(addable(i.field, values.canAdd) ? [{ value: ADD, label: t(i.field === 'tags' ? 'imports.values.addTag' : 'imports.values.addChannel', { value: i.value }) }] : []),
                    ]}
                    data-testid={`import-value-${i.field}-${i.value}`}
                  />
                );
              },
            },
          ]}
        />
        {missing > 0 ? <Alert type="warning" showIcon message={t('imports.values.missing', { count: missing })} /> : null}
        <Flex gap={8}>
          <Button onClick={onBack}>{t('imports.backToMapping')}</Button>
          <Button type="primary" disabled={missing > 0} loading={pending} onClick={() => onConfirm(choices)} data-testid="import-values-confirm">
            {t('imports.values.confirm')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
