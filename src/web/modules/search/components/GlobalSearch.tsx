import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { AutoComplete, Flex, Input, Tag, Typography, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../../contracts/search.ts';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { useIsPhone } from '../../../ui/useIsPhone.ts';
import { globalSearch, searchKeys } from '../search.api.ts';
import { hitPath, isSearchShortcut, moreMatchesPath } from '../searchTargets.ts';

/** Fields where "/" is typed text, not the search shortcut. */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The header's search (全局搜索): customers, contacts, leads, opportunities, quotes, orders and
 * contracts by name, number or part of one, phone digits or pinyin, grouped by kind; Enter or a
 * click opens the record, "查看全部" the kind's list with the same search. Ctrl+K (⌘K) or "/"
 * puts the cursor in it from anywhere.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  // On a phone the box leaves room for the header's buttons; the results still get a usable width.
  const phone = useIsPhone();
  const q = useDebounced(text.trim(), 250);
  const result = useQuery({
    queryKey: searchKeys.query(q),
    queryFn: ({ signal }) => globalSearch(q, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSearchShortcut(e, typingInField(e.target))) return;
      e.preventDefault();
      input.current?.focus();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const go = (path: string) => {
    setText('');
    setOpen(false);
    input.current?.blur();
    void navigate(path);
  };

  const groups = q && result.data?.q === q ? result.data.groups : [];
  const options = groups.map((g) => ({
    label: (
      <Flex justify="space-between" align="center" data-testid={`search-group-${g.kind}`}>
        <span>{t(`search.kinds.${g.kind}`)}</span>
        {g.more ? (
          <Typography.Link
            // Before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              go(moreMatchesPath(g.kind, q));
            }}
            data-testid={`search-more-${g.kind}`}
          >
            {t('search.more')}
          </Typography.Link>
        ) : null}
      </Flex>
    ),
    options: g.hits.map((hit) => ({ value: `${hit.kind}:${hit.id}`, label: <HitLabel hit={hit} /> })),
  }));
  const hitOf = (value: string) => groups.flatMap((g) => g.hits).find((hit) => `${hit.kind}:${hit.id}` === value);
  const searching = q.length > 0 && (result.isFetching || result.data?.q !== q);

  return (
    <AutoComplete
      className="kehu-global-search"
      value={text}
      open={open && q.length > 0}
      options={options}
      onSearch={(v) => {
        setText(v);
        setOpen(true);
      }}
      onSelect={(value: string) => {
        const hit = hitOf(value);
        if (hit) go(hitPath(hit));
      }}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setOpen(false);
          input.current?.blur();
        }
      }}
      notFoundContent={q ? <span data-testid="search-empty">{searching ? t('search.searching') : t('search.empty', { q })}</span> : null}
      defaultActiveFirstOption
      popupMatchSelectWidth={phone ? 320 : 420}
      style={{ width: phone ? 150 : 300 }}
    >
      <Input
        ref={input}
        prefix={<SearchOutlined />}
        placeholder={t('search.placeholder')}
        allowClear
        aria-label={t('search.label')}
        data-testid="global-search"
      />
    </AutoComplete>
  );
}

function HitLabel({ hit }: { hit: SearchHit }) {
  return (
    <Flex vertical data-testid={`search-hit-${hit.kind}`}>
      <Flex gap={8} align="center">
        <Typography.Text strong ellipsis style={{ maxWidth: 260 }}>
          {hit.title}
        </Typography.Text>
        {hit.number && hit.number !== hit.title ? <Tag bordered={false}>{hit.number}</Tag> : null}
      </Flex>
      {hit.subtitle ? (
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
          {hit.subtitle}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
