import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Progress, Radio, Result, Segmented, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DUPLICATE_POLICIES, IMPORT_ENTITIES, IMPORT_MAX_BYTES, type DryRunResponse, type DuplicatePolicy, type ImportEntity, type ImportValuesResponse, type UploadImportResponse, type ValueMappingBody } from '../../../../contracts/imports.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan } from '../../../app/session.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { downloadErrorReport, downloadTemplate, dryRunImport, getImport, getImportValues, importsKeys, runImport, setImportMapping, setImportValues, uploadImport } from '../imports.api.ts';
import { catalogKeys } from '../../customers/customers.api.ts';
import { createSourceChannel, createTag } from '../../settings/settings.api.ts';
import { ValueStep, valueItemKey, type ValueChoice } from '../components/ValueStep.tsx';

type Mapping = Record<string, string | null>;
type RowError = DryRunResponse['errors'][number];

const LIST_PATH: Record<ImportEntity, string> = { customer: '/customers', contact: '/customers', lead: '/leads' };
/** Leads merge the same prospect as the API does, so "update" is the usual choice there. */
const DEFAULT_POLICY: Record<ImportEntity, DuplicatePolicy> = { customer: 'skip', contact: 'skip', lead: 'update' };

function isEntity(value: string | null): value is ImportEntity {
  return (IMPORT_ENTITIES as readonly string[]).includes(value ?? '');
}

/**
 * The import wizard: pick what to import and upload a file, map its columns (proposed from the
 * headers or remembered from last time), check every row without writing, run, and watch it.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const can = useCan();
  useDocumentTitle(t('imports.title'));
  const [params, setParams] = useSearchParams();
  const allowed = IMPORT_ENTITIES.filter((e) => can(`${e}:create`));
  const wanted = params.get('entity');
  const entity: ImportEntity = isEntity(wanted) && allowed.includes(wanted) ? wanted : (allowed[0] ?? 'customer');

  const [upload, setUpload] = useState<UploadImportResponse | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [policy, setPolicy] = useState<DuplicatePolicy>(DEFAULT_POLICY[entity]);
  const [values, setValues] = useState<ImportValuesResponse | null>(null);
  const [dryRun, setDryRun] = useState<DryRunResponse | null>(null);
  const [runningId, setRunningId] = useState<string | null>(null);

  const reset = () => {
    setUpload(null);
    setMapping({});
    setValues(null);
    setDryRun(null);
    setRunningId(null);
  };

  const uploading = useMutation({
    mutationFn: (file: File) => uploadImport(entity, file),
    onSuccess: (res) => {
      setUpload(res);
      setMapping(res.proposedMapping);
      setPolicy(DEFAULT_POLICY[entity]);
      setDryRun(null);
    },
  });
  // The mapping first; then values outside Kehu's lists, if any, are asked about before the check.
  const checking = useMutation({
    mutationFn: async () => {
      if (!upload) throw new Error('no upload');
      await setImportMapping(upload.job.id, { mapping, duplicatePolicy: policy });
      const unknown = await getImportValues(upload.job.id);
      if (unknown.items.length > 0) return { values: unknown, dryRun: null };
      return { values: null, dryRun: await dryRunImport(upload.job.id) };
    },
    onSuccess: (r) => {
      setValues(r.values);
      setDryRun(r.dryRun);
    },
  });
  // Values added to the lists first (admins), then every answer at once; what is still unknown is asked again.
  const answering = useMutation({
    mutationFn: async (choices: Map<string, ValueChoice>) => {
      if (!upload || !values) throw new Error('no upload');
      const answers: ValueMappingBody = {};
      for (const item of values.items) {
        const choice = choices.get(valueItemKey(item));
        if (!choice) continue;
        let key: string | null = null;
        if (choice.kind === 'key') key = choice.key;
        else if (choice.kind === 'add') {
          key = item.field === 'tags' ? (await createTag({ name: item.value })).id : (await createSourceChannel({ nameZh: item.value, nameEn: item.value })).key;
        }
        (answers[item.field] ??= {})[item.value] = key;
      }
      const left = await setImportValues(upload.job.id, answers);
      if (left.items.length > 0) return { values: left, dryRun: null };
      return { values: null, dryRun: await dryRunImport(upload.job.id) };
    },
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: catalogKeys.sourceChannels });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.tags });
      setValues(r.values);
      setDryRun(r.dryRun);
    },
  });
  const starting = useMutation({
    mutationFn: (validOnly: boolean) => runImport(upload?.job.id ?? '', validOnly),
    onSuccess: (job) => setRunningId(job.id),
    onError: (err) => void message.error(err instanceof Error ? err.message : t('errors.unexpected')),
  });
  const job = useQuery({
    queryKey: importsKeys.job(runningId ?? ''),
    queryFn: ({ signal }) => getImport(runningId ?? '', signal),
    enabled: runningId !== null,
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'succeeded' || query.state.data.status === 'failed') ? false : 1000),
  });

  // Mapping changed after a check: the check no longer describes what would run.
  useEffect(() => {
    setDryRun(null);
    setValues(null);
  }, [mapping, policy]);

  const fields = useMemo(() => upload?.fields ?? [], [upload]);
  const fieldLabel = useMemo(() => new Map(fields.map((f) => [f.key, f.label])), [fields]);
  const usedFields = new Set(Object.values(mapping).filter((v): v is string => v !== null));
  const missingRequired = fields.filter((f) => f.required && !usedFields.has(f.key));

  const done = job.data && (job.data.status === 'succeeded' || job.data.status === 'failed') ? job.data : null;
  const succeeded = done?.status === 'succeeded';
  // Lists read before the import would show it without the new records.
  useEffect(() => {
    if (succeeded) void queryClient.invalidateQueries({ queryKey: [done.entity === 'lead' ? 'leads' : 'customers'] });
  }, [succeeded, done?.entity, queryClient]);
  const step = done ? 5 : runningId ? 4 : dryRun ? 3 : values ? 2 : upload ? 1 : 0;

  const errorColumns: TableColumnsType<RowError> = [
    { title: t('imports.errorRow'), dataIndex: 'row', width: 90 },
    { title: t('imports.errorField'), dataIndex: 'field', width: 180, render: (field: string | null) => (field ? (fieldLabel.get(field) ?? field) : '—') },
    { title: t('imports.errorMessage'), dataIndex: 'message' },
  ];
  const errorTable = (errors: RowError[], testId: string) => (
    <Table<RowError>
      size="small"
      rowKey={(e) => `${e.row}-${e.field ?? ''}-${e.message}`}
      columns={errorColumns}
      dataSource={errors}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      data-testid={testId}
    />
  );

  const uploadStep = (
    <Card>
      <Flex vertical gap={16}>
        <Space wrap>
          <Typography.Text>{t('imports.entityLabel')}</Typography.Text>
          <Segmented<ImportEntity>
            value={entity}
            onChange={(value) => {
              setParams({ entity: value }, { replace: true });
              setPolicy(DEFAULT_POLICY[value]);
              reset();
            }}
            options={allowed.map((e) => ({ value: e, label: <span data-testid={`import-entity-${e}`}>{t(`imports.entity.${e}`)}</span> }))}
          />
          <Button icon={<DownloadOutlined />} onClick={() => void downloadTemplate(entity)} data-testid="import-template">
            {t('imports.template')}
          </Button>
        </Space>
        <div data-testid="import-upload">
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={uploading.isPending}
          beforeUpload={(file) => {
            if (file.size > IMPORT_MAX_BYTES) void message.error(t('imports.tooLarge', { mb: IMPORT_MAX_BYTES / 1024 / 1024 }));
            else uploading.mutate(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{uploading.isPending ? t('imports.uploading') : t('imports.uploadText')}</p>
          <p className="ant-upload-hint">{t(`imports.uploadHint.${entity}`)}</p>
        </Upload.Dragger>
        </div>
        {uploading.isError ? <Alert type="error" showIcon message={uploading.error instanceof Error ? uploading.error.message : t('errors.unexpected')} data-testid="import-upload-error" /> : null}
      </Flex>
    </Card>
  );

  const sample = (header: string) =>
    (upload?.sampleRows ?? [])
      .map((r) => r[header] ?? '')
      .filter(Boolean)
      .slice(0, 3)
      .join(' · ');

  const mappingStep = upload ? (
    <Card title={t('imports.mapTitle', { file: upload.job.fileName })}>
      <Flex vertical gap={16}>
        {upload.mappingRemembered ? <Alert type="info" showIcon message={t('imports.remembered')} data-testid="import-remembered" /> : null}
        <Table
          size="small"
          rowKey="header"
          pagination={false}
          dataSource={upload.job.headers.map((header) => ({ header }))}
          columns={[
            { title: t('imports.fileColumn'), dataIndex: 'header', width: 200 },
            { title: t('imports.sample'), key: 'sample', render: (_: unknown, r: { header: string }) => <Typography.Text type="secondary">{sample(r.header)}</Typography.Text> },
            {
              title: t('imports.field'),
              key: 'field',
              width: 260,
              render: (_: unknown, r: { header: string }) => (
                <Select<string>
                  style={{ width: '100%' }}
                  value={mapping[r.header] ?? ''}
                  onChange={(value) => setMapping((m) => ({ ...m, [r.header]: value || null }))}
                  options={[
                    { value: '', label: t('imports.skipColumn') },
                    ...fields.map((f) => ({ value: f.key, label: f.required ? `${f.label} *` : f.label, disabled: usedFields.has(f.key) && mapping[r.header] !== f.key })),
                  ]}
                  data-testid={`import-map-${r.header}`}
                />
              ),
            },
          ]}
        />
        {missingRequired.length > 0 ? (
          <Alert type="warning" showIcon message={t('imports.missingRequired', { fields: missingRequired.map((f) => f.label).join('、') })} data-testid="import-missing-required" />
        ) : null}
        <Space direction="vertical">
          <Typography.Text strong>{t('imports.policyLabel')}</Typography.Text>
          <Radio.Group value={policy} onChange={(e) => setPolicy(e.target.value as DuplicatePolicy)} data-testid="import-policy">
            <Space direction="vertical">
              {DUPLICATE_POLICIES.map((p) => (
                <Radio key={p} value={p} data-testid={`import-policy-${p}`}>
                  {t(`imports.policy.${p}`)} <Typography.Text type="secondary">— {t(`imports.policyHint.${entity === 'lead' ? 'lead' : 'record'}.${p}`)}</Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Space>
        {checking.isError ? <Alert type="error" showIcon message={checking.error instanceof Error ? checking.error.message : t('errors.unexpected')} description={isApiError(checking.error) ? checking.error.details.map((d) => d.message).join('；') : null} /> : null}
        <Flex gap={8}>
          <Button onClick={reset}>{t('imports.otherFile')}</Button>
          <Button type="primary" disabled={missingRequired.length > 0} loading={checking.isPending} onClick={() => checking.mutate()} data-testid="import-dry-run">
            {t('imports.check')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  ) : null;

  const valueStep =
    values && upload ? (
      <>
        <ValueStep key={values.items.map(valueItemKey).join('|')} values={values} fieldLabel={(f) => fieldLabel.get(f) ?? f} pending={answering.isPending} onBack={() => setValues(null)} onConfirm={(choices) => answering.mutate(choices)} />
        {answering.isError ? <Alert type="error" showIcon message={answering.error instanceof Error ? answering.error.message : t('errors.unexpected')} description={isApiError(answering.error) ? answering.error.details.map((d) => d.message).join('；') : null} /> : null}
      </>
    ) : null;

  const counts = (c: { created: number; updated: number; skipped: number; errors: number }, prefix: 'would' | 'done') => (
    <Flex gap={32} wrap>
      <Statistic title={t(`imports.${prefix}.created`)} value={c.created} data-testid={`import-${prefix}-created`} />
      <Statistic title={t(`imports.${prefix}.updated`)} value={c.updated} data-testid={`import-${prefix}-updated`} />
      <Statistic title={t(`imports.${prefix}.skipped`)} value={c.skipped} data-testid={`import-${prefix}-skipped`} />
      <Statistic title={t('imports.errorRows')} value={c.errors} valueStyle={c.errors ? { color: '#cf1322' } : undefined} data-testid={`import-${prefix}-errors`} />
    </Flex>
  );

  const dryRunStep = dryRun && upload ? (
    <Card title={t('imports.checkTitle', { rows: dryRun.totalRows })} data-testid="import-dry-result">
      <Flex vertical gap={16}>
        {counts(dryRun.counts, 'would')}
        {dryRun.counts.errors > 0 ? (
          <>
            <Alert
              type="error"
              showIcon
              message={t('imports.fixFirst')}
              action={
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void downloadErrorReport(upload.job.id)} data-testid="import-dry-report-inline">
                  {t('imports.errorReport')}
                </Button>
              }
            />
            {errorTable(dryRun.errors, 'import-dry-errors')}
          </>
        ) : (
          <Alert type="success" showIcon message={t('imports.allGood')} />
        )}
        {dryRun.skipped.length > 0 ? (
          <>
            <Typography.Text strong>{t('imports.skippedTitle', { count: dryRun.skipped.length })}</Typography.Text>
            {errorTable(dryRun.skipped, 'import-dry-skipped')}
          </>
        ) : null}
        <Flex gap={8} wrap>
          <Button onClick={() => setDryRun(null)}>{t('imports.backToMapping')}</Button>
          {dryRun.counts.errors > 0 ? (
            <Button icon={<DownloadOutlined />} onClick={() => void downloadErrorReport(upload.job.id)} data-testid="import-dry-report">
              {t('imports.errorReport')}
            </Button>
          ) : null}
          <Button type="primary" disabled={dryRun.counts.errors > 0 || dryRun.totalRows === 0} loading={starting.isPending && !starting.variables} onClick={() => starting.mutate(false)} data-testid="import-run">
            {t('imports.run')}
          </Button>
          {dryRun.counts.errors > 0 && dryRun.counts.created + dryRun.counts.updated > 0 ? (
            <Button loading={starting.isPending && starting.variables} onClick={() => starting.mutate(true)} data-testid="import-run-valid">
              {t('imports.runValid', { count: dryRun.counts.created + dryRun.counts.updated, errors: dryRun.counts.errors })}
            </Button>
          ) : null}
        </Flex>
      </Flex>
    </Card>
  ) : null;

  const progress = job.data;
  const runningStep = runningId && !done ? (
    <Card>
      <Flex vertical gap={12} align="center">
        <Typography.Text>{progress?.status === 'queued' ? t('imports.queued') : t('imports.running')}</Typography.Text>
        <Progress
          percent={progress?.totalRows ? Math.floor((progress.processedRows / progress.totalRows) * 100) : 0}
          status="active"
          style={{ maxWidth: 480 }}
          data-testid="import-progress"
        />
        <Typography.Text type="secondary">{t('imports.processed', { done: progress?.processedRows ?? 0, total: progress?.totalRows ?? dryRun?.totalRows ?? 0 })}</Typography.Text>
      </Flex>
    </Card>
  ) : null;

  const resultStep = done ? (
    <Card data-testid="import-result">
      <Result
        status={done.status === 'succeeded' ? 'success' : 'error'}
        title={done.status === 'succeeded' ? t('imports.succeeded') : t('imports.failed')}
        subTitle={
          done.status === 'succeeded'
            ? done.counts.errors > 0
              ? t('imports.succeededPartly', { rows: (done.totalRows ?? 0) - done.counts.errors, errors: done.counts.errors })
              : t('imports.succeededHint', { rows: done.totalRows ?? 0 })
            : (done.failure ?? t('imports.failedHint'))
        }
        extra={
          <Flex gap={8} justify="center" wrap>
            <Link to={LIST_PATH[done.entity]}>
              <Button type="primary" data-testid="import-to-list">
                {t(`imports.toList.${done.entity}`)}
              </Button>
            </Link>
            <Button onClick={reset} data-testid="import-again">
              {t('imports.again')}
            </Button>
            {done.errors.length > 0 ? (
              <Button icon={<DownloadOutlined />} onClick={() => void downloadErrorReport(done.id)} data-testid="import-report">
                {t('imports.errorReport')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      {done.status === 'succeeded' ? counts(done.counts, 'done') : null}
      {done.errors.length > 0 ? (
        <Flex vertical gap={8} style={{ marginTop: 16 }}>
          {done.status === 'succeeded' ? <Alert type="warning" showIcon message={t('imports.notImported', { count: done.counts.errors })} data-testid="import-not-imported" /> : null}
          {errorTable(done.errors, 'import-errors')}
        </Flex>
      ) : null}
      {done.skipped.length > 0 ? (
        <Flex vertical gap={8} style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('imports.skippedTitle', { count: done.skipped.length })}</Typography.Text>
          {errorTable(done.skipped, 'import-skipped')}
        </Flex>
      ) : null}
      <Descriptions size="small" style={{ marginTop: 16 }} column={1} items={[{ key: 'file', label: t('imports.file'), children: <Tag>{done.fileName}</Tag> }]} />
    </Card>
  ) : null;

  if (allowed.length === 0) {
    return (
      <PageContainer title={t('imports.title')}>
        <Result status="403" title={t('imports.notAllowed')} />
      </PageContainer>
    );
  }

  return (
    <PageContainer title={t('imports.title')} description={t('imports.pageHint')}>
      <Flex vertical gap={16}>
        <Steps
          current={step}
          items={[{ title: t('imports.steps.upload') }, { title: t('imports.steps.map') }, { title: t('imports.steps.values') }, { title: t('imports.steps.check') }, { title: t('imports.steps.run') }, { title: t('imports.steps.result') }]}
        />
        {step === 0 ? uploadStep : null}
        {step === 1 ? mappingStep : null}
        {step === 2 ? valueStep : null}
        {step === 3 ? dryRunStep : null}
        {step === 4 ? runningStep : null}
        {step === 5 ? resultStep : null}
      </Flex>
    </PageContainer>
  );
}
