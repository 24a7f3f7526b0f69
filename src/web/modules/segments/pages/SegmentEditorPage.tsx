import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Breadcrumb, Button, Card, Flex, Form, Input, Modal, Select, Space, Statistic, Switch, Tag, Typography } from 'antd';
import { CameraOutlined, DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createSegmentBody, SEGMENT_ENTITIES, SEGMENT_ENTITY_LABELS, SEGMENT_KIND_LABELS, snapshotSegmentBody, type Segment, type SegmentEntity } from '../../../../contracts/segments.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan } from '../../../app/session.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useZodRules } from '../../../ui/zodRule.ts';
import { useLabel } from '../../customers/hooks.ts';
import { ConditionTree } from '../components/ConditionTree.tsx';
import { SegmentRecordsTable } from '../components/SegmentRecordsTable.tsx';
import { StaticListView } from '../components/StaticListView.tsx';
import { emptyGroup, fromDefinition, issuesByNode, toDefinition, type EditorGroup } from '../segmentEditor.ts';
import { countDefinition, createSegment, deleteSegment, previewDefinition, segmentsKeys, snapshotSegment, updateSegment, useSegment } from '../segments.api.ts';

type MetaValues = { name: string; description?: string | null };

const PREVIEW_ROWS = 10;

/** 保存为静态名单: the name of the new list, then the list's page. */
function SnapshotModal({ segment, open, onClose }: { segment: Segment; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<MetaValues>();
  const rules = useZodRules(snapshotSegmentBody.shape);
  const snapshot = useMutation({
    mutationFn: (values: MetaValues) => snapshotSegment(segment.id, { name: values.name, description: values.description || null }),
    onSuccess: (list) => {
      void message.success(t('segments.snapshotDone', { count: list.recordCount ?? 0 }));
      void client.invalidateQueries({ queryKey: segmentsKeys.all });
      onClose();
      void navigate(`/segments/${list.id}`);
    },
    onError: (err) => handleError(err, { form }),
  });
  return (
    <Modal
      open={open}
      title={t('segments.snapshot')}
      onCancel={onClose}
      okText={t('segments.snapshotOk')}
      cancelText={t('common.cancel')}
      okButtonProps={withTestId({ loading: snapshot.isPending }, 'segment-snapshot-ok')}
      onOk={() => void form.validateFields().then((v) => snapshot.mutate(v), () => undefined)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('segments.snapshotHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ name: t('segments.snapshotName', { name: segment.name }), description: null }}>
        <Form.Item name="name" label={t('segments.fields.name')} required rules={rules('name')}>
          <Input maxLength={100} data-testid="segment-snapshot-name" />
        </Form.Item>
        <Form.Item name="description" label={t('segments.fields.description')} rules={rules('description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The live count and the first records of the definition as it is edited, in my data scope. */
function useLiveCount(entity: SegmentEntity, root: EditorGroup) {
  const { definition, incomplete } = useMemo(() => toDefinition(entity, root), [entity, root]);
  const valid = incomplete.length === 0;
  const body = useMemo(() => (valid ? { entity, definition } : null), [valid, entity, definition]);
  // Re-asked ~400 ms after the last valid change; an invalid tree keeps the last count.
  const debouncedJson = useDebounced(body ? JSON.stringify(body) : null, 400);
  const sent = useMemo(() => (debouncedJson ? (JSON.parse(debouncedJson) as NonNullable<typeof body>) : null), [debouncedJson]);
  const count = useQuery({
    queryKey: ['segments', 'count', debouncedJson],
    queryFn: ({ signal }) => countDefinition(sent ?? { entity, definition }, signal),
    enabled: !!sent,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const preview = useQuery({
    queryKey: ['segments', 'preview', debouncedJson],
    queryFn: ({ signal }) => previewDefinition({ ...(sent ?? { entity, definition }), limit: PREVIEW_ROWS }, signal),
    enabled: !!sent,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const pending = !!body && JSON.stringify(body) !== debouncedJson;
  return { definition, incomplete, valid, count, preview, pending };
}

function SegmentEditor({ segment }: { segment: Segment | null }) {
  const { t } = useTranslation();
  const label = useLabel();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<MetaValues>();
  const rules = useZodRules(createSegmentBody.shape);
  const [entity, setEntity] = useState<SegmentEntity>(segment?.entity ?? 'customer');
  const [shared, setShared] = useState(segment?.shared ?? false);
  const [root, setRoot] = useState<EditorGroup>(() => (segment ? fromDefinition(segment.entity, segment.definition) : emptyGroup()));
  const [saveErrors, setSaveErrors] = useState<Map<string, string[]>>(() => new Map());
  const [tried, setTried] = useState(false);
  const [snapshotOpen, setSnapshotOpen] = useState(false);
  const live = useLiveCount(entity, root);
  const mayEdit = segment ? can('segment:update') : can('segment:create');

  useEffect(() => {
    form.setFieldsValue({ name: segment?.name ?? '', description: segment?.description ?? null });
  }, [form, segment]);

  // Issues of the last count (a 400 names each bad condition), then those of the last save.
  const errors = useMemo(() => {
    const map = new Map<string, string[]>(saveErrors);
    const err = live.count.error;
    if (isApiError(err) && err.status === 400) for (const [k, v] of issuesByNode(err.details).byNode) map.set(k, v);
    if (tried) for (const k of live.incomplete) if (!map.has(k)) map.set(k, [t('segments.editor.incomplete')]);
    return map;
  }, [saveErrors, live.count.error, live.incomplete, tried, t]);

  const changeTree = (next: EditorGroup) => {
    setRoot(next);
    setSaveErrors(new Map());
  };

  const save = useMutation({
    mutationFn: async (values: MetaValues) => {
      const description = values.description?.trim() ? values.description.trim() : null;
      if (segment) return updateSegment(segment.id, { version: segment.version, name: values.name, description, definition: live.definition, shared });
      return createSegment({ name: values.name, description, entity, kind: 'dynamic', definition: live.definition, shared });
    },
    onSuccess: (saved) => {
      void message.success(t('segments.saved'));
      client.setQueryData(segmentsKeys.detail(saved.id), saved);
      void client.invalidateQueries({ queryKey: segmentsKeys.all });
      if (!segment) void navigate(`/segments/${saved.id}`, { replace: true });
    },
    onError: (err) => {
      if (isApiError(err) && err.details.length && err.code !== 'VERSION_CONFLICT') {
        const { byNode } = issuesByNode(err.details);
        setSaveErrors(byNode);
        const others = err.details.filter((d) => !byNode.size || !/definition\.conditions/.test(d.path));
        if (byNode.size && !others.length) {
          void message.error(t('segments.editor.fixConditions'));
          return;
        }
      }
      handleError(err, { form, conflictKeys: segment ? [segmentsKeys.detail(segment.id)] : [] });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteSegment(segment?.id ?? ''),
    onSuccess: () => {
      void message.success(t('segments.deleted'));
      void client.invalidateQueries({ queryKey: segmentsKeys.all });
      void navigate('/segments', { replace: true });
    },
    onError: (err) => handleError(err),
  });

  const submit = () => {
    setTried(true);
    void form.validateFields().then(
      (values) => {
        if (!live.valid) {
          void message.error(t('segments.editor.fixConditions'));
          return;
        }
        save.mutate(values);
      },
      () => undefined,
    );
  };

  const countValue = live.count.data?.count;
  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space wrap>
            <Typography.Text strong data-testid="segment-title">
              {segment ? segment.name : t('segments.new')}
            </Typography.Text>
            {segment ? <Tag color="blue">{label(SEGMENT_KIND_LABELS[segment.kind])}</Tag> : null}
            {segment?.shared ? <Tag color="green" data-testid="segment-shared-tag">{t('segments.sharedTag')}</Tag> : null}
          </Space>
        }
        extra={
          <Space wrap>
            {segment && can('segment:create') ? (
              <Button icon={<CameraOutlined />} onClick={() => setSnapshotOpen(true)} data-testid="segment-snapshot">
                {t('segments.snapshot')}
              </Button>
            ) : null}
            {segment && can('segment:delete') ? (
              <Button
                danger
                icon={<DeleteOutlined />}
                onClick={() =>
                  modal.confirm({
                    title: t('segments.deleteConfirmTitle', { name: segment.name }),
                    content: t('segments.deleteConfirmBody'),
                    okText: t('common.delete'),
                    okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                    cancelText: t('common.cancel'),
                    onOk: () => remove.mutateAsync().catch(() => undefined),
                  })
                }
                data-testid="segment-delete"
              >
                {t('common.delete')}
              </Button>
            ) : null}
            {mayEdit ? (
              <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={submit} data-testid="segment-save">
                {t('common.save')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <Form form={form} layout="vertical" disabled={!mayEdit}>
          <Flex gap={16} wrap>
            <Form.Item name="name" label={t('segments.fields.name')} required rules={rules('name')} style={{ flex: '1 1 260px', marginBottom: 12 }}>
              <Input maxLength={100} data-testid="segment-name" />
            </Form.Item>
            <Form.Item label={t('segments.fields.entity')} style={{ marginBottom: 12 }} extra={segment ? t('segments.entityFixed') : undefined}>
              <Select<SegmentEntity>
                value={entity}
                onChange={(v) => {
                  setEntity(v);
                  setRoot(emptyGroup());
                  setSaveErrors(new Map());
                }}
                disabled={!!segment}
                options={SEGMENT_ENTITIES.map((e) => ({ value: e, label: label(SEGMENT_ENTITY_LABELS[e]) }))}
                style={{ width: 140 }}
                data-testid="segment-entity"
              />
            </Form.Item>
            <Form.Item label={t('segments.fields.shared')} style={{ marginBottom: 12 }} tooltip={t('segments.sharedHint')}>
              <Switch checked={shared} onChange={setShared} data-testid="segment-shared" />
            </Form.Item>
          </Flex>
          <Form.Item name="description" label={t('segments.fields.description')} rules={rules('description')} style={{ marginBottom: 0 }}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} data-testid="segment-description" />
          </Form.Item>
        </Form>
      </Card>
      <Card title={t('segments.editor.conditions')}>
        <ConditionTree entity={entity} root={root} onChange={changeTree} errors={errors} disabled={!mayEdit} />
      </Card>
      <Card
        title={t('segments.editor.liveCount')}
        extra={
          <Typography.Text type="secondary" data-testid="segment-count-took">
            {live.count.data ? t('segments.editor.took', { ms: live.count.data.tookMs }) : null}
          </Typography.Text>
        }
      >
        <Flex vertical gap={12}>
          <Statistic
            value={countValue ?? '—'}
            suffix={countValue === undefined ? undefined : t('segments.editor.records')}
            loading={live.count.isPending && live.count.fetchStatus === 'fetching'}
            data-testid="segment-count"
            data-count={countValue}
            data-pending={live.pending || live.count.isFetching || undefined}
          />
          {!live.valid ? <Alert type="info" showIcon title={t('segments.editor.incompleteHint')} data-testid="segment-count-incomplete" /> : null}
          {live.count.isError && !(isApiError(live.count.error) && live.count.error.status === 400) ? (
            <ErrorState error={live.count.error} onRetry={() => void live.count.refetch()} />
          ) : null}
          <Typography.Text strong>{t('segments.editor.preview', { count: PREVIEW_ROWS })}</Typography.Text>
          <SegmentRecordsTable items={live.preview.data?.items ?? []} loading={live.preview.isFetching} testId="segment-preview" />
        </Flex>
      </Card>
      {segment ? <SnapshotModal segment={segment} open={snapshotOpen} onClose={() => setSnapshotOpen(false)} /> : null}
    </Flex>
  );
}

/** 客户分群: a new segment (/segments/new), a saved one to edit, or a static list's records. */
export function SegmentEditorPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const query = useSegment(id);
  const segment = query.data ?? null;
  useDocumentTitle(segment ? segment.name : t('segments.title'));
  const breadcrumb = (
    <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/segments">{t('segments.title')}</Link> }, { title: id ? (segment?.name ?? '…') : t('segments.new') }]} />
  );
  if (id && query.isPending) return <LoadingState />;
  if (id && (query.isError || !segment)) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }
  return (
    <div className="kehu-page" data-testid={segment?.kind === 'static' ? 'segment-static' : 'segment-editor'}>
      {breadcrumb}
      {segment?.kind === 'static' ? <StaticListView segment={segment} /> : <SegmentEditor key={segment ? `${segment.id}:${segment.version}` : 'new'} segment={segment} />}
    </div>
  );
}
