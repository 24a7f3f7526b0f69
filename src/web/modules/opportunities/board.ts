import type { Board, BoardCard, BoardColumn, CurrencyTotal, Opportunity, PipelineStage } from '../../../contracts/opportunities.ts';
import { weightedFen } from '../../../contracts/money.ts';

/**
 * The board's optimistic move: what the cached board looks like once a card is dropped on
 * another column, before the server answers (and what it goes back to if the server refuses).
 * Pure, so it is unit-tested; the server's board replaces it on the next fetch.
 */

/** The probability a card gets in a stage: won 100, lost 0, an open stage its default. */
export function stageProbability(stage: Pick<PipelineStage, 'kind' | 'probability'>): number {
  return stage.kind === 'won' ? 100 : stage.kind === 'lost' ? 0 : stage.probability;
}

/** CNY first, then the other currencies alphabetically (as the server orders them). */
export function sortTotals(totals: CurrencyTotal[]): CurrencyTotal[] {
  return [...totals].sort((a, b) => (a.currency === b.currency ? 0 : a.currency === 'CNY' ? -1 : b.currency === 'CNY' ? 1 : a.currency.localeCompare(b.currency)));
}

function addToTotals(totals: CurrencyTotal[], card: Pick<BoardCard, 'currency' | 'amountFen' | 'weightedFen'>, sign: 1 | -1): CurrencyTotal[] {
  const found = totals.find((t) => t.currency === card.currency);
  const base = found ?? { currency: card.currency, count: 0, amountFen: 0, weightedFen: 0 };
  const next = { ...base, count: base.count + sign, amountFen: base.amountFen + sign * card.amountFen, weightedFen: base.weightedFen + sign * card.weightedFen };
  const others = totals.filter((t) => t.currency !== card.currency);
  return sortTotals(next.count > 0 ? [...others, next] : others);
}

export function findCard(board: Board, cardId: string): { column: BoardColumn; card: BoardCard } | null {
  for (const column of board.columns) {
    const card = column.items.find((c) => c.id === cardId);
    if (card) return { column, card };
  }
  return null;
}

/**
 * The board with the card moved to the top of the target column: the card takes the stage's kind
 * and probability (weighted amount recomputed exactly), both columns' counts and per-currency
 * totals follow. The same board when the card is not on it or already in that column.
 */
export function moveCard(board: Board, cardId: string, toStageId: string): Board {
  const found = findCard(board, cardId);
  const target = board.columns.find((c) => c.stage.id === toStageId);
  if (!found || !target || found.column.stage.id === toStageId) return board;
  const { card, column: source } = found;
  const probability = stageProbability(target.stage);
  const moved: BoardCard = { ...card, stageId: toStageId, stageKind: target.stage.kind, probability, weightedFen: weightedFen(card.amountFen, probability) };
  return {
    ...board,
    columns: board.columns.map((col) => {
      if (col.stage.id === source.stage.id) return { ...col, count: col.count - 1, items: col.items.filter((c) => c.id !== cardId), totals: addToTotals(col.totals, card, -1) };
      if (col.stage.id === toStageId) return { ...col, count: col.count + 1, items: [moved, ...col.items], totals: addToTotals(col.totals, moved, 1) };
      return col;
    }),
  };
}

/** After the server accepted a move: the card as the server returned it (new version, reason; the full record fits a card). */
export function replaceCard(board: Board, card: Opportunity): Board {
  return { ...board, columns: board.columns.map((col) => ({ ...col, items: col.items.map((c) => (c.id === card.id ? card : c)) })) };
}

/** A stage history duration as whole days and hours (under an hour: minutes). */
export function durationParts(seconds: number): { days: number; hours: number; minutes: number } {
  const s = Math.max(0, Math.floor(seconds));
  return { days: Math.floor(s / 86_400), hours: Math.floor((s % 86_400) / 3600), minutes: Math.floor((s % 3600) / 60) };
}
