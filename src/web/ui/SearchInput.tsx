import { useEffect, useState } from 'react';
import { Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';

type Props = {
  /** The committed value (from the URL). */
  value: string;
  onCommit: (value: string) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
};

/** A search box that commits after a pause in typing or on Enter, and follows outside changes (back button). */
export function SearchInput({ value, onCommit, placeholder, style, ...rest }: Props) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== text.trim()) setText(value);
  }

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === value) return;
    const timer = window.setTimeout(() => onCommit(trimmed), 400);
    return () => window.clearTimeout(timer);
  }, [text, value, onCommit]);

  return (
    <Input
      value={text}
      onChange={(e) => setText(e.target.value)}
      onPressEnter={() => onCommit(text.trim())}
      prefix={<SearchOutlined className="kehu-muted" />}
      placeholder={placeholder}
      allowClear
      style={style}
      data-testid={rest['data-testid']}
    />
  );
}
