import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { checkPassword, MIN_PASSWORD_LENGTH, type PolicyCheck } from '../passwordPolicy.ts';

const LABELS = {
  length: 'password.policyLength',
  lettersAndDigits: 'password.policyLettersDigits',
  notUsername: 'password.policyNotUsername',
} as const satisfies Record<PolicyCheck, string>;

/** Live checklist under the new-password field. */
export function PasswordPolicyHint({ password, username }: { password: string; username?: string }) {
  const { t } = useTranslation();
  const result = checkPassword(password, username);
  return (
    <ul className="kehu-policy" data-testid="password-policy">
      {(Object.keys(LABELS) as PolicyCheck[]).map((key) => {
        const ok = password.length > 0 && result[key];
        return (
          <li key={key} className={ok ? 'ok' : undefined} data-ok={ok}>
            {ok ? <CheckCircleFilled /> : <MinusCircleOutlined />}
            {t(LABELS[key], { min: MIN_PASSWORD_LENGTH })}
          </li>
        );
      })}
    </ul>
  );
}
