import { Flex, Radio, Typography } from 'antd';
import { GlobalOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DATA_SCOPES, type DataScope } from '../../../../contracts/access.ts';

const ICONS: Record<DataScope, React.ReactNode> = {
  own: <UserOutlined />,
  department: <TeamOutlined />,
  all: <GlobalOutlined />,
};

/** The three data scopes as large choices, each saying what it lets the role see. */
export function DataScopeField({ value, onChange, disabled, id }: { value?: DataScope; onChange?: (v: DataScope) => void; disabled?: boolean; id?: string }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      id={id}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange?.(e.target.value as DataScope)}
      style={{ width: '100%' }}
      data-testid="role-form-dataScope"
    >
      <Flex gap={12} wrap>
        {DATA_SCOPES.map((scope) => (
          <Radio.Button
            key={scope}
            value={scope}
            style={{ height: 'auto', flex: '1 1 200px', padding: '10px 14px', borderRadius: 8, lineHeight: 1.5, whiteSpace: 'normal' }}
          >
            <Flex vertical gap={2} data-testid={`role-form-dataScope-${scope}`}>
              <span style={{ fontWeight: 500 }}>
                {ICONS[scope]} {t(`roles.scope.${scope}`)}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`roles.scopeHint.${scope}`)}
              </Typography.Text>
            </Flex>
          </Radio.Button>
        ))}
      </Flex>
    </Radio.Group>
  );
}
