import { useState } from 'react';
import { App, Button, Checkbox, Dropdown, Form, Input, Modal, Space, Tag, Tooltip } from 'antd';
import type { MenuProps } from 'antd';
import { DeleteOutlined, DownOutlined, SaveOutlined, ShareAltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Resource } from '../../../../contracts/access.ts';
import type { SavedView, ViewConfig } from '../../../../contracts/views.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { createView, deleteView, listViews, updateView, viewsKeys } from '../views.api.ts';

type SaveForm = { name: string; shared: boolean };

/**
 * The saved views of a list: pick one to apply its filters, columns and sort; save the current
 * state as a new view or over one of one's own; share (data scope department or all) or delete.
 */
export function SavedViewsMenu({
  resource,
  current,
  activeId,
  allLabel,
  onApply,
}: {
  resource: Resource;
  current: ViewConfig;
  activeId: string | null;
  /** The entry that leaves every view, e.g. "All customers". */
  allLabel: string;
  onApply: (view: SavedView | null) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useCurrentUser();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<SaveForm>();
  const mayShare = me.role.dataScope !== 'own';

  const views = useQuery({ queryKey: viewsKeys.list(resource), queryFn: ({ signal }) => listViews(resource, signal) });
  const items = views.data?.items ?? [];
  const active = items.find((v) => v.id === activeId) ?? null;
  const refresh = () => client.invalidateQueries({ queryKey: viewsKeys.list(resource) });

  const create = useMutation({
    mutationFn: (values: SaveForm) => createView({ resource, name: values.name, shared: values.shared, config: current }),
    onSuccess: (view) => {
      void message.success(t('views.saved', { name: view.name }));
      setSaving(false);
      void refresh();
      onApply(view);
    },
    onError: (err) => handleError(err, { form }),
  });
  const overwrite = useMutation({
    mutationFn: (view: SavedView) => updateView(view.id, { version: view.version, config: current }),
    onSuccess: (view) => {
      void message.success(t('views.updated', { name: view.name }));
      void refresh();
    },
    onError: (err) => handleError(err, { conflictKeys: [viewsKeys.list(resource)] }),
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => deleteView(view.id),
    onSuccess: () => {
      void message.success(t('views.deleted'));
      void refresh();
      onApply(null);
    },
    onError: (err) => handleError(err),
  });

  const menu: MenuProps = {
    selectedKeys: activeId ? [activeId] : [],
    items: [
      { key: '__all', label: allLabel, 'data-testid': 'view-none' },
      ...(items.length ? [{ type: 'divider' as const }] : []),
      ...items.map((v) => ({
        key: v.id,
        'data-testid': `view-${v.name}`,
        label: (
          <Space>
            {v.name}
            {v.shared ? (
              <Tooltip title={v.mine ? t('views.sharedByMe') : t('views.sharedBy', { name: v.ownerName })}>
                <Tag icon={<ShareAltOutlined />} color="blue" style={{ marginInlineEnd: 0 }}>
                  {t('views.shared')}
                </Tag>
              </Tooltip>
            ) : null}
          </Space>
        ),
      })),
    ],
    onClick: ({ key }) => onApply(key === '__all' ? null : (items.find((v) => v.id === key) ?? null)),
  };

  return (
    <Space.Compact>
      <Dropdown menu={menu} trigger={['click']}>
        <Button loading={views.isPending} data-testid="views-menu">
          {active ? active.name : t('views.title')} <DownOutlined />
        </Button>
      </Dropdown>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'new', icon: <SaveOutlined />, label: t('views.saveAs'), 'data-testid': 'views-save-as' },
            ...(active?.mine
              ? [
                  { key: 'overwrite', icon: <SaveOutlined />, label: t('views.overwrite', { name: active.name }), 'data-testid': 'views-overwrite' },
                  { key: 'share', icon: <ShareAltOutlined />, label: active.shared ? t('views.unshare') : t('views.share'), disabled: !mayShare },
                  { key: 'delete', icon: <DeleteOutlined />, danger: true, label: t('views.delete', { name: active.name }), 'data-testid': 'views-delete' },
                ]
              : []),
          ],
          onClick: ({ key }) => {
            if (key === 'new') {
              form.setFieldsValue({ name: '', shared: false });
              setSaving(true);
            } else if (key === 'overwrite' && active) overwrite.mutate(active);
            else if (key === 'share' && active) {
              void updateView(active.id, { version: active.version, shared: !active.shared }).then(() => refresh(), (err: unknown) => handleError(err));
            } else if (key === 'delete' && active) {
              modal.confirm({ title: t('views.deleteConfirm', { name: active.name }), okButtonProps: { danger: true }, onOk: () => remove.mutateAsync(active) });
            }
          },
        }}
      >
        <Button icon={<SaveOutlined />} aria-label={t('views.save')} data-testid="views-save" />
      </Dropdown>
      <Modal
        open={saving}
        title={t('views.saveAs')}
        onCancel={() => setSaving(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okButtonProps={withTestId({}, 'views-save-ok')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)} initialValues={{ name: '', shared: false }}>
          <Form.Item name="name" label={t('views.name')} rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }, { max: 50 }]}>
            <Input autoFocus maxLength={50} data-testid="views-name" />
          </Form.Item>
          <Form.Item name="shared" valuePropName="checked" extra={mayShare ? t('views.shareHint') : t('views.shareNeedsScope')}>
            <Checkbox disabled={!mayShare}>{t('views.shareWithEveryone')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Space.Compact>
  );
}
