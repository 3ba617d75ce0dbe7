// What a settings draft would do to a client's customers: band changes
// counted from → to, and the biggest movers. Pure, so the preview's numbers
// are tested here and the function only feeds it rows.
import { type Band, bandNames } from "../scoring/bands.ts";

/** One customer as stored (from) and as the draft would score it (to). */
export type ScoredPair = {
  id: string; name: string;
  fromScore: number | null; fromBand: Band | null;
  toScore: number | null; toBand: Band | null;
};

export type BandMove = { from: Band | null; to: Band | null; count: number };
export type Mover = ScoredPair & { change: number };

export type BandChanges = {
  customers: number;
  /** Customers whose band the draft changes. */
  changed: number;
  /** One entry per (from, to) with customers, in band order. */
  moves: BandMove[];
  /** How many customers in each band before and after. */
  before: Record<Band, number>;
  after: Record<Band, number>;
  movers: Mover[];
};

const bandIndex = (b: Band | null) => (b === null ? -1 : bandNames.indexOf(b));
const emptyCounts = () => Object.fromEntries(bandNames.map((b) => [b, 0])) as Record<Band, number>;

/** Counts band moves and picks the `limit` customers whose score moves most (ties by name). */
export function bandChanges(pairs: Iterable<ScoredPair>, limit = 10): BandChanges {
  const moves = new Map<string, BandMove>();
  const before = emptyCounts(), after = emptyCounts();
  let customers = 0, changed = 0;
  let movers: Mover[] = [];
  for (const p of pairs) {
    customers++;
    if (p.fromBand) before[p.fromBand]++;
    if (p.toBand) after[p.toBand]++;
    if (p.fromBand !== p.toBand) {
      changed++;
      const key = `${p.fromBand}>${p.toBand}`;
      const move = moves.get(key) ?? { from: p.fromBand, to: p.toBand, count: 0 };
      move.count++;
      moves.set(key, move);
    }
    const change = (p.toScore ?? 0) - (p.fromScore ?? 0);
    if (limit > 0 && change !== 0 && p.fromScore !== null && p.toScore !== null) {
      movers.push({ ...p, change });
      // Keep the list short as we go: 100,000 customers must not be sorted whole.
      if (movers.length > limit * 4) movers = topMovers(movers, limit);
    }
  }
  return {
    customers, changed,
    moves: [...moves.values()].toSorted((a, b) => bandIndex(a.from) - bandIndex(b.from) || bandIndex(a.to) - bandIndex(b.to)),
    before, after,
    movers: topMovers(movers, limit),
  };
}

function topMovers(movers: Mover[], limit: number): Mover[] {
  return movers.toSorted((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.name.localeCompare(b.name)).slice(0, limit);
}
