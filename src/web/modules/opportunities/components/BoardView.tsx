import { useState } from 'react';
import { Link } from 'react-router';
import { App, Badge, Button, Dropdown, Flex, Spin, Tooltip, Typography } from 'antd';
import { CalendarOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Board, BoardCard as Card, BoardColumn, PipelineStage } from '../../../../contracts/opportunities.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan } from '../../../app/session.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { findCard, moveCard, replaceCard } from '../board.ts';
import { useOpportunityInvalidation, useStages } from '../hooks.ts';
import { getBoard, moveOpportunity, opportunitiesKeys, type BoardQuery } from '../opportunities.api.ts';
import { CurrencyTotals, Money, useReasonPrompt } from './opportunityBits.tsx';

const DRAG_TYPE = 'application/x-kehu-opportunity';

type Move = { card: Card; to: PipelineStage; reason?: string };

/**
 * 看板: one column per stage with its count, total and weighted total. A card is moved by
 * dragging it (HTML5 drag and drop) or with its "移动到…" menu. The move shows at once; the
 * server then answers, and on a stale version (409) the card goes back with a message.
 */
export function BoardView({ query, onShowStage }: { query: BoardQuery; onShowStage: (stageId: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const invalidate = useOpportunityInvalidation();
  const stages = useStages();
  const can = useCan();
  const canMove = can('opportunity:update');
  const [ask, reasonModal] = useReasonPrompt();
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const key = opportunitiesKeys.board(query);
  const board = useQuery({ queryKey: key, queryFn: ({ signal }) => getBoard(query, signal) });

  const mutation = useMutation({
    mutationFn: (m: Move) => moveOpportunity(m.card.id, { version: m.card.version, stageId: m.to.id, reason: m.reason }),
    onMutate: async (m) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<Board>(key);
      if (previous) client.setQueryData<Board>(key, moveCard(previous, m.card.id, m.to.id));
      return { previous };
    },
    onError: (err, m, context) => {
      // The card snaps back to where it was, then the board is read again.
      if (context?.previous) client.setQueryData<Board>(key, context.previous);
      if (isApiError(err, 'VERSION_CONFLICT')) void message.warning({ content: t('opportunities.board.conflict', { name: m.card.name }), key: 'board-conflict' });
      else handleError(err);
      void client.invalidateQueries({ queryKey: key });
    },
    onSuccess: (saved, m) => {
      const current = client.getQueryData<Board>(key);
      if (current) client.setQueryData<Board>(key, replaceCard(current, saved));
      void message.success(t('opportunities.board.moved', { name: m.card.name, stage: stages.nameOf(m.to) }));
      invalidate();
    },
  });

  const move = async (card: Card, to: PipelineStage) => {
    if (card.stageId === to.id || !canMove) return;
    let reason: string | undefined;
    if (to.kind !== 'open') {
      const given = await ask(to, stages.nameOf(to), card.name);
      if (given === null) return;
      reason = given;
    }
    mutation.mutate({ card, to, reason });
  };

  const drop = (column: BoardColumn, id: string) => {
    const data = client.getQueryData<Board>(key);
    const found = data ? findCard(data, id) : null;
    if (found) void move(found.card, column.stage);
  };

  if (board.isPending) return <LoadingState />;
  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  const columns = board.data.columns;
  if (columns.length === 0) return <EmptyState description={t('opportunities.board.noStages')} />;
  const saving = mutation.isPending ? mutation.variables.card.id : null;

  return (
    <Spin spinning={board.isFetching && !mutation.isPending} delay={300}>
      <div className="kehu-board" data-testid="board">
        {columns.map((column) => {
          const stageKey = column.stage.key;
          return (
            <section
              key={column.stage.id}
              className={`kehu-board-column${over === column.stage.id ? ' is-over' : ''}`}
              data-testid={`board-column-${stageKey}`}
              data-stage-id={column.stage.id}
              onDragOver={(e) => {
                if (!dragging || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'move';
                if (over !== column.stage.id) setOver(column.stage.id);
              }}
              onDragLeave={(e) => {
                if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver((o) => (o === column.stage.id ? null : o));
              }}
              onDrop={(e) => {
                e.preventDefault();
                setOver(null);
                const id = e.dataTransfer.getData(DRAG_TYPE) || dragging;
                setDragging(null);
                if (id) drop(column, id);
              }}
            >
              <div className="kehu-board-column-head">
                <Flex justify="space-between" align="center">
                  <Typography.Text strong data-testid={`board-column-${stageKey}-name`}>
                    {stages.nameOf(column.stage)}
                  </Typography.Text>
                  <Flex gap={6} align="center">
                    {column.stage.kind === 'open' ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{column.stage.probability}%</Typography.Text> : null}
                    <Badge count={column.count} showZero color={column.stage.kind === 'won' ? 'green' : column.stage.kind === 'lost' ? 'gray' : 'blue'} data-testid={`board-column-${stageKey}-count`} />
                  </Flex>
                </Flex>
                <CurrencyTotals totals={column.totals} testId={`board-column-${stageKey}-totals`} />
              </div>
              {column.items.map((card) => (
                <BoardCard
                  key={card.id}
                  card={card}
                  stages={stages.active}
                  nameOf={stages.nameOf}
                  draggable={canMove && saving !== card.id}
                  dragging={dragging === card.id}
                  saving={saving === card.id}
                  onDragStart={() => setDragging(card.id)}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                  onMove={canMove ? (to) => void move(card, to) : undefined}
                />
              ))}
              {column.count === 0 ? (
                <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', padding: '24px 0', fontSize: 12 }}>
                  {canMove ? t('opportunities.board.dropHere') : t('opportunities.board.emptyColumn')}
                </Typography.Text>
              ) : null}
              {column.count > column.items.length ? (
                <Button type="link" size="small" block onClick={() => onShowStage(column.stage.id)} data-testid={`board-column-${stageKey}-more`}>
                  {t('opportunities.board.more', { count: column.count - column.items.length })}
                </Button>
              ) : null}
            </section>
          );
        })}
      </div>
      {reasonModal}
    </Spin>
  );
}

type CardProps = {
  card: Card;
  stages: PipelineStage[];
  nameOf: (s: PipelineStage) => string;
  draggable: boolean;
  dragging: boolean;
  saving: boolean;
  onDragStart: () => void;
  onDragEnd: () => void;
  onMove?: (to: PipelineStage) => void;
};

function BoardCard({ card, stages, nameOf, draggable, dragging, saving, onDragStart, onDragEnd, onMove }: CardProps) {
  const { t } = useTranslation();
  const targets = stages.filter((s) => s.id !== card.stageId);
  return (
    <div
      className={`kehu-board-card${dragging ? ' is-dragging' : ''}${saving ? ' is-saving' : ''}`}
      draggable={draggable}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, card.id);
        e.dataTransfer.setData('text/plain', card.name);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      data-testid={`board-card-${card.id}`}
      data-version={card.version}
    >
      <Flex justify="space-between" align="flex-start" gap={4}>
        <Link to={`/opportunities/${card.id}`} draggable={false} style={{ fontWeight: 500, minWidth: 0, wordBreak: 'break-all' }} data-testid="board-card-name">
          {card.name}
        </Link>
        {onMove ? (
          <Dropdown
            trigger={['click']}
            menu={{
              items: targets.map((s) => ({ key: s.id, label: <span data-testid={`board-move-to-${s.key}`}>{nameOf(s)}</span> })),
              onClick: ({ key }) => {
                const to = targets.find((s) => s.id === key);
                if (to) onMove(to);
              },
            }}
          >
            <Tooltip title={t('opportunities.board.moveTo')}>
              <Button type="text" size="small" icon={<SwapOutlined />} aria-label={t('opportunities.board.moveTo')} data-testid={`board-card-move-${card.id}`} />
            </Tooltip>
          </Dropdown>
        ) : null}
      </Flex>
      <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
        {card.customerName}
      </Typography.Text>
      <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
        <Money fen={card.amountFen} currency={card.currency} strong testId="board-card-amount" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {card.probability}%
        </Typography.Text>
      </Flex>
      <Flex justify="space-between" style={{ fontSize: 12, marginTop: 2 }} className="kehu-muted">
        <span>
          <CalendarOutlined /> {card.expectedCloseDate ?? t('opportunities.noCloseDate')}
        </span>
        <span>
          <UserOutlined /> {card.ownerName ?? '—'}
        </span>
      </Flex>
    </div>
  );
}
