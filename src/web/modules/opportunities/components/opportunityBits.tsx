import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CurrencyTotal, PipelineStage } from '../../../../contracts/opportunities.ts';
import { formatFen } from '../../../../contracts/money.ts';
import type { StageKind } from '../../../../contracts/sales.ts';
import { withTestId } from '../../../ui/testId.ts';
import { durationParts } from '../board.ts';

/** An amount in its currency, as stored (formatFen: no float on the way). */
export function Money({ fen, currency, testId, strong }: { fen: number; currency: string; testId?: string; strong?: boolean }) {
  return (
    <Typography.Text strong={strong} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
      {formatFen(fen, currency)}
    </Typography.Text>
  );
}

const KIND_COLORS: Record<StageKind, string> = { open: 'processing', won: 'success', lost: 'default' };

export function StageTag({ name, kind, testId }: { name: string; kind: StageKind; testId?: string }) {
  return (
    <Tag color={KIND_COLORS[kind]} data-testid={testId}>
      {name}
    </Tag>
  );
}

/** Column or page totals: one line per currency, CNY first (the server's order). */
export function CurrencyTotals({ totals, weighted = true, testId }: { totals: CurrencyTotal[]; weighted?: boolean; testId?: string }) {
  const { t } = useTranslation();
  if (totals.length === 0) return <Typography.Text type="secondary" data-testid={testId}>{formatFen(0, 'CNY')}</Typography.Text>;
  return (
    <Flex vertical gap={0} data-testid={testId}>
      {totals.map((total) => (
        <Typography.Text key={total.currency} type={total.currency === 'CNY' ? undefined : 'secondary'} style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }} data-currency={total.currency}>
          <span data-testid={testId ? `${testId}-amount-${total.currency}` : undefined}>{formatFen(total.amountFen, total.currency)}</span>
          {weighted ? (
            <>
              {' · '}
              {t('opportunities.weightedShort')} <span data-testid={testId ? `${testId}-weighted-${total.currency}` : undefined}>{formatFen(total.weightedFen, total.currency)}</span>
            </>
          ) : null}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** "3 天 5 小时", "45 分钟". */
export function Duration({ seconds }: { seconds: number }) {
  const { t } = useTranslation();
  const { days, hours, minutes } = durationParts(seconds);
  if (days > 0) return <>{t('opportunities.duration.daysHours', { days, hours })}</>;
  if (hours > 0) return <>{t('opportunities.duration.hours', { hours })}</>;
  return <>{t('opportunities.duration.minutes', { minutes })}</>;
}

/**
 * 赢单 / 输单原因: asked before a move to won or lost. `ask` resolves with the reason, or null
 * when cancelled (the board puts the card back).
 */
export function useReasonPrompt(): [(stage: PipelineStage, stageName: string, cardName: string) => Promise<string | null>, ReactNode] {
  const { t } = useTranslation();
  const [state, setState] = useState<{ kind: StageKind; stageName: string; cardName: string } | null>(null);
  const resolver = useRef<((reason: string | null) => void) | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const ask = useCallback(
    (stage: PipelineStage, stageName: string, cardName: string) =>
      new Promise<string | null>((resolve) => {
        resolver.current?.(null);
        resolver.current = resolve;
        form.resetFields();
        setState({ kind: stage.kind, stageName, cardName });
      }),
    [form],
  );
  const finish = (reason: string | null) => {
    resolver.current?.(reason);
    resolver.current = null;
    setState(null);
  };

  const element = (
    <Modal
      open={!!state}
      title={state ? t(state.kind === 'lost' ? 'opportunities.reason.lostTitle' : 'opportunities.reason.wonTitle', { name: state.cardName, stage: state.stageName }) : null}
      okText={t('opportunities.reason.confirm')}
      cancelText={t('common.cancel')}
      onCancel={() => finish(null)}
      onOk={() => form.submit()}
      okButtonProps={withTestId({}, 'reason-ok')}
      cancelButtonProps={withTestId({}, 'reason-cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => finish(v.reason.trim())} data-testid="reason-modal">
        <Form.Item
          name="reason"
          label={state?.kind === 'lost' ? t('opportunities.reason.lostLabel') : t('opportunities.reason.wonLabel')}
          rules={[
            { required: true, whitespace: true, message: t('opportunities.reason.required') },
            { max: 500, message: t('validation.maxLength', { max: 500 }) },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} autoFocus data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
  return [ask, element];
}
