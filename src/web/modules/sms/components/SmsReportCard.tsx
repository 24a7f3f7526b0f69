import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SmsCounts, SmsSend } from '../../../../contracts/sms.ts';
import { formatRate } from '../../mailings/mailingForm.ts';
import { smsRates } from '../smsForm.ts';

const COUNT_KEYS: Exclude<keyof SmsCounts, 'queued'>[] = ['recipients', 'sent', 'delivered', 'undelivered', 'failed', 'unknown', 'skipped', 'clicked', 'optedOut'];

/** 发送结果: the recipients' counts, the delivery and click rates (refreshed with the send while it sends). */
export function SmsReportCard({ send }: { send: SmsSend }) {
  const { t } = useTranslation();
  const rates = smsRates(send.counts);
  return (
    <Card title={t('sms.report.title')} data-testid="sms-report">
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {COUNT_KEYS.map((key) => (
          <Col key={key} xs={8} sm={6} lg={4} xxl={3}>
            <Statistic title={t(`sms.counts.${key}`)} value={send.counts[key]} valueStyle={{ fontSize: 20 }} data-testid={`sms-count-${key}`} data-value={send.counts[key]} />
          </Col>
        ))}
        <Col xs={8} sm={6} lg={4} xxl={3}>
          <Statistic title={t('sms.report.deliveryRate')} value={formatRate(rates.delivery)} valueStyle={{ fontSize: 20 }} data-testid="sms-delivery-rate" />
        </Col>
        <Col xs={8} sm={6} lg={4} xxl={3}>
          <Statistic title={t('sms.report.clickRate')} value={formatRate(rates.click)} valueStyle={{ fontSize: 20 }} data-testid="sms-click-rate" />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginBottom: send.noAddress > 0 ? 4 : 0 }}>
        {t('sms.report.ratesHint')}
      </Typography.Paragraph>
      {send.noAddress > 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="sms-no-address">
          {t('sms.report.noAddress', { count: send.noAddress })}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
