import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ApiOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApiToken, TokenScope } from '../../../../contracts/auth.ts';
import { createTokenBody, DEFAULT_TOKEN_DAYS, TOKEN_SCOPES } from '../../../../contracts/auth.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { SecretReveal } from '../../../ui/SecretReveal.tsx';
import { EmptyState, ErrorState } from '../../../ui/StateViews.tsx';
import { createToken, listTokens, revokeToken, tokensKeys } from '../profile.api.ts';
import { withTestId } from '../../../ui/testId.ts';

/** 0 = never. Longer than DEFAULT_TOKEN_DAYS, or never, only for administrators (the server checks it too). */
const EXPIRY_CHOICES = [30, 90, 365, 0] as const;
type Values = { name: string; scope: TokenScope; expiresInDays: (typeof EXPIRY_CHOICES)[number] };
type TokenState = 'active' | 'expired' | 'revoked';

function stateOf(token: ApiToken, now: number): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const STATE_COLORS: Record<TokenState, string> = { active: 'success', expired: 'default', revoked: 'error' };

/** Personal API tokens: list, create (secret shown once) and revoke. */
export function ApiTokensCard() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();
  const isAdmin = useCurrentUser().role.key === 'admin';
  const expiryChoices = EXPIRY_CHOICES.filter((d) => isAdmin || (d > 0 && d <= DEFAULT_TOKEN_DAYS));
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);

  const tokens = useQuery({ queryKey: tokensKeys.all, queryFn: ({ signal }) => listTokens(signal) });

  const createMutation = useMutation({
    mutationFn: (v: Values) =>
      createToken({ name: v.name.trim(), scope: v.scope, expiresInDays: v.expiresInDays > 0 ? v.expiresInDays : null }),
    onSuccess: (res) => {
      setCreating(false);
      setSecret({ name: res.token.name, value: res.secret });
      void client.invalidateQueries({ queryKey: tokensKeys.all });
    },
    onError: (err) => handleError(err, { form }),
  });

  const revokeMutation = useMutation({
    mutationFn: (token: ApiToken) => revokeToken(token.id),
    onSuccess: () => {
      void message.success(t('tokens.revoked'));
      void client.invalidateQueries({ queryKey: tokensKeys.all });
    },
    onError: (err) => handleError(err),
  });

  const confirmRevoke = (token: ApiToken) => {
    modal.confirm({
      title: t('tokens.revokeConfirmTitle', { name: token.name }),
      content: t('tokens.revokeConfirmBody'),
      okText: t('tokens.revoke'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => revokeMutation.mutateAsync(token).catch(() => undefined),
    });
  };

  const now = Date.now();
  const columns: TableColumnsType<ApiToken> = [
    {
      key: 'name',
      title: t('tokens.fields.name'),
      render: (_v, tk) => (
        <span>
          <Typography.Text strong>{tk.name}</Typography.Text>
          <Typography.Text type="secondary" className="kehu-secret" style={{ marginInlineStart: 8, fontSize: 12 }}>
            {tk.prefix}…
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'state',
      title: t('tokens.fields.state'),
      width: 100,
      render: (_v, tk) => {
        const s = stateOf(tk, now);
        return <Tag color={STATE_COLORS[s]}>{t(`tokens.state.${s}`)}</Tag>;
      },
    },
    { key: 'scope', title: t('tokens.fields.scope'), width: 110, render: (_v, tk) => <Tag color={tk.scope === 'read' ? 'blue' : 'orange'}>{t(`tokens.scope.${tk.scope}`)}</Tag> },
    { key: 'createdAt', title: t('tokens.fields.createdAt'), width: 160, render: (_v, tk) => <DateTime value={tk.createdAt} /> },
    {
      key: 'lastUsedAt',
      title: t('tokens.fields.lastUsedAt'),
      width: 160,
      render: (_v, tk) => <DateTime value={tk.lastUsedAt} empty={t('tokens.neverUsed')} />,
    },
    {
      key: 'expiresAt',
      title: t('tokens.fields.expiresAt'),
      width: 160,
      render: (_v, tk) => <DateTime value={tk.expiresAt} empty={t('tokens.noExpiry')} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 100,
      render: (_v, tk) =>
        stateOf(tk, now) === 'revoked' ? null : (
          <Button
            type="link"
            size="small"
            danger
            icon={<DeleteOutlined />}
            onClick={() => confirmRevoke(tk)}
            data-testid={`token-revoke-${tk.name}`}
          >
            {t('tokens.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <Card
      id="tokens"
      title={
        <span>
          <ApiOutlined /> {t('tokens.title')}
        </span>
      }
      extra={
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setCreating(true);
          }}
          data-testid="tokens-create"
        >
          {t('tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.hint')}</Typography.Paragraph>
      {tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tokens.data?.items ?? []}
          loading={tokens.isFetching}
          pagination={false}
          scroll={{ x: 800 }}
          data-testid="tokens-table"
          onRow={(tk) => ({ 'data-testid': `token-row-${tk.name}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: tokens.isPending ? <div style={{ height: 80 }} /> : <EmptyState description={t('tokens.empty')} /> }}
        />
      )}

      <Modal
        open={creating}
        title={t('tokens.createTitle')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        okButtonProps={withTestId({ loading: createMutation.isPending }, 'token-form-submit')}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ name: '', scope: 'read', expiresInDays: DEFAULT_TOKEN_DAYS }}
          onFinish={(v) => createMutation.mutate(v)}
          style={{ marginTop: 16 }}
        >
          <Form.Item name="name" label={t('tokens.fields.name')} required extra={t('tokens.nameHint')} rules={[zodRule(createTokenBody.shape.name, t)]}>
            <Input maxLength={100} autoFocus data-testid="token-form-name" />
          </Form.Item>
          <Form.Item name="scope" label={t('tokens.fields.scope')} extra={t('tokens.scopeHint')}>
            <Select data-testid="token-form-scope" options={TOKEN_SCOPES.map((s) => ({ value: s, label: t(`tokens.scope.${s}`) }))} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('tokens.fields.expiresIn')} extra={isAdmin ? null : t('tokens.expiryHint', { count: DEFAULT_TOKEN_DAYS })}>
            <Select
              data-testid="token-form-expires"
              options={expiryChoices.map((d) => ({ value: d, label: d === 0 ? t('tokens.never') : t('tokens.days', { count: d }) }))}
            />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!secret}
        title={t('tokens.createdTitle', { name: secret?.name ?? '' })}
        onCancel={() => setSecret(null)}
        mask={{ closable: false }}
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="token-secret-done">
            {t('tokens.savedIt')}
          </Button>
        }
      >
        {secret ? (
          <>
            <SecretReveal value={secret.value} warning={t('tokens.secretOnce')} testId="token-secret" />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 13 }}>
              {t('tokens.usage')}
            </Typography.Paragraph>
            <Typography.Text code className="kehu-secret" style={{ fontSize: 12 }}>
              Authorization: Bearer {secret.value.slice(0, 8)}…
            </Typography.Text>
          </>
        ) : null}
      </Modal>
    </Card>
  );
}
