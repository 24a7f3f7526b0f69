import { Button, Flex, Segmented, Select, Space, Typography } from 'antd';
import { ApartmentOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { OPERATORS_OF_TYPE, type SegmentEntity, type SegmentOperator } from '../../../../contracts/segments.ts';
import { useLabel } from '../../customers/hooks.ts';
import {
  addCondition,
  addGroup,
  changeCondition,
  fieldOf,
  fieldsOf,
  mayAddCondition,
  mayAddGroup,
  pathKey,
  removeAt,
  setMatch,
  withField,
  withOperator,
  type EditorCondition,
  type EditorGroup,
  type NodePath,
} from '../segmentEditor.ts';
import { ValueInput } from './ValueInput.tsx';

type TreeProps = {
  entity: SegmentEntity;
  root: EditorGroup;
  onChange: (root: EditorGroup) => void;
  /** Messages by node key: a 400's issues, or "not complete" after a save was tried. */
  errors: Map<string, string[]>;
  disabled?: boolean;
};

/** "segment-condition-1-0": a node's test id from its path. */
const idOf = (path: NodePath) => (path.length ? path.join('-') : 'root');

function ConditionRow({ entity, condition, path, tree }: { entity: SegmentEntity; condition: EditorCondition; path: NodePath; tree: TreeProps }) {
  const { t } = useTranslation();
  const label = useLabel();
  const field = fieldOf(entity, condition.field);
  const id = `segment-condition-${idOf(path)}`;
  const errors = tree.errors.get(pathKey(path)) ?? [];
  const groups = (['record', 'purchase', 'campaign'] as const)
    .map((g) => ({ g, fields: fieldsOf(entity).filter((f) => f.group === g) }))
    .filter(({ fields }) => fields.length > 0)
    .map(({ g, fields }) => ({ label: t(`segments.editor.fieldGroups.${g}`), title: g, options: fields.map((f) => ({ value: f.key, label: label(f.label) })) }));
  const change = (next: (c: EditorCondition) => EditorCondition) => tree.onChange(changeCondition(tree.root, path, next));
  return (
    <div data-testid={id} data-field={condition.field} data-invalid={errors.length > 0 || undefined}>
      <Flex gap={8} wrap align="center">
        <Select<string>
          value={condition.field}
          onChange={(key) => change((c) => withField(entity, c, key))}
          options={groups}
          showSearch={{ optionFilterProp: 'label' }}
          popupMatchSelectWidth={false}
          style={{ width: 180 }}
          disabled={tree.disabled}
          data-testid={`${id}-field`}
        />
        <Select<SegmentOperator>
          value={condition.op}
          onChange={(op) => change((c) => withOperator(entity, c, op))}
          options={(field ? OPERATORS_OF_TYPE[field.type] : [condition.op]).map((op) => ({ value: op, label: t(`segments.ops.${op}`) }))}
          popupMatchSelectWidth={false}
          style={{ width: 130 }}
          disabled={tree.disabled}
          data-testid={`${id}-op`}
        />
        {field ? <ValueInput field={field} op={condition.op} value={condition.value} onChange={(value) => change((c) => ({ ...c, value }))} testId={`${id}-value`} /> : null}
        <Button type="text" icon={<DeleteOutlined />} onClick={() => tree.onChange(removeAt(tree.root, path))} aria-label={t('segments.editor.removeCondition')} disabled={tree.disabled} data-testid={`${id}-remove`} />
      </Flex>
      {errors.length ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`${id}-error`}>
          {errors.join('; ')}
        </Typography.Text>
      ) : null}
    </div>
  );
}

function GroupBox({ group, path, tree }: { group: EditorGroup; path: NodePath; tree: TreeProps }) {
  const { t } = useTranslation();
  const id = `segment-group-${idOf(path)}`;
  const nested = path.length > 0;
  const errors = tree.errors.get(pathKey(path)) ?? [];
  return (
    <div
      data-testid={id}
      data-match={group.match}
      style={nested ? { borderInlineStart: '3px solid var(--ant-color-primary-border, #91caff)', paddingInlineStart: 12, paddingBlock: 4 } : undefined}
    >
      <Flex vertical gap={10}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">{t('segments.editor.matchPrefix')}</Typography.Text>
          <Segmented<'all' | 'any'>
            size="small"
            value={group.match}
            onChange={(m) => tree.onChange(setMatch(tree.root, path, m))}
            options={[
              { value: 'all', label: t('segments.editor.matchAll') },
              { value: 'any', label: t('segments.editor.matchAny') },
            ]}
            disabled={tree.disabled}
            data-testid={`${id}-match`}
          />
          {nested ? (
            <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => tree.onChange(removeAt(tree.root, path))} disabled={tree.disabled} data-testid={`${id}-remove`}>
              {t('segments.editor.removeGroup')}
            </Button>
          ) : null}
        </Flex>
        {group.nodes.length === 0 ? (
          <Typography.Text type="secondary" data-testid={`${id}-empty`}>
            {nested ? t('segments.editor.emptyGroup') : t('segments.editor.noConditions')}
          </Typography.Text>
        ) : null}
        {group.nodes.map((node, i) =>
          node.kind === 'group' ? (
            <GroupBox key={`g${i}`} group={node} path={[...path, i]} tree={tree} />
          ) : (
            <ConditionRow key={`c${i}`} entity={tree.entity} condition={node} path={[...path, i]} tree={tree} />
          ),
        )}
        {errors.length ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`${id}-error`}>
            {errors.join('; ')}
          </Typography.Text>
        ) : null}
        <Space wrap>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => tree.onChange(addCondition(tree.root, path, tree.entity))}
            disabled={tree.disabled || !mayAddCondition(tree.root)}
            data-testid={`${id}-add`}
          >
            {t('segments.editor.addCondition')}
          </Button>
          <Button
            size="small"
            icon={<ApartmentOutlined />}
            onClick={() => tree.onChange(addGroup(tree.root, path, tree.entity))}
            disabled={tree.disabled || !mayAddGroup(tree.root, path)}
            data-testid={`${id}-add-group`}
          >
            {t('segments.editor.addGroup')}
          </Button>
        </Space>
      </Flex>
    </div>
  );
}

/** The condition tree: AND/OR groups nested up to four levels, a row per condition. */
export function ConditionTree(props: TreeProps) {
  return <GroupBox group={props.root} path={[]} tree={props} />;
}
