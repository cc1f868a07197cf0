// Push warnings grouped for display: one line per kind ("7,563 rows have decimal quantities …")
// instead of one per cell. The per-cell list (validatePushSelection's warnings) stays as it is;
// this only decides how the preview shows it. Errors are not grouped: each must be fixed at its cell.

import { formatCount as count } from "./numbers";
import type { WarningKind } from "./pushValidation";

/** What grouping needs of a problem: src/sales' Problem and the workflows' CellProblem both fit. */
export interface GroupableProblem {
  address: string;
  message: string;
  kind?: WarningKind;
}

export interface ProblemGroup<P extends GroupableProblem> {
  /** null for a problem without a kind, always shown on its own */
  kind: WarningKind | null;
  /** the problems of the group, in the order given (cell order); never empty */
  problems: P[];
  /** the line to show: the problem's own message when the group has one problem, else a sentence for all */
  message: string;
}

/** Cell addresses named in a group's sentence before the "…". */
const ADDRESSES_NAMED = 3;

function addressList(problems: readonly GroupableProblem[]): string {
  const named = problems
    .slice(0, ADDRESSES_NAMED)
    .map((p) => p.address)
    .join(", ");
  return problems.length > ADDRESSES_NAMED ? `first: ${named} …` : named;
}

const SENTENCES: Record<WarningKind, (n: string, cells: string) => string> = {
  "decimal-quantity": (n, cells) =>
    `${n} rows have decimal quantities (${cells}). Claret documents quantity as a whole number but returns decimals itself; they are sent as they are.`,
  "not-interval-start": (n, cells) =>
    `${n} rows have a sell_date that is not the first day of its month, quarter or year (${cells}). Claret expects sell_date to be the first day of the interval; they are sent as they are.`,
  "date-as-number": (n, cells) =>
    `${n} rows have a sell_date that is a plain number, read as an Excel date (${cells}). Check that this column holds dates, and give it a date format if it does.`,
};

/**
 * Groups problems by kind, in order of each kind's first problem. A kind with one problem keeps
 * that problem's own message (it names the value and the fix); problems without a kind stay
 * single. The first problem of a group is the cell a click selects.
 */
export function groupProblemsByKind<P extends GroupableProblem>(
  problems: readonly P[]
): ProblemGroup<P>[] {
  const groups: ProblemGroup<P>[] = [];
  const byKind = new Map<WarningKind, ProblemGroup<P>>();
  for (const p of problems) {
    if (p.kind === undefined) {
      groups.push({ kind: null, problems: [p], message: p.message });
      continue;
    }
    let group = byKind.get(p.kind);
    if (!group) {
      group = { kind: p.kind, problems: [], message: "" };
      byKind.set(p.kind, group);
      groups.push(group);
    }
    group.problems.push(p);
  }
  for (const g of byKind.values()) {
    g.message =
      g.problems.length === 1
        ? g.problems[0].message
        : SENTENCES[g.kind!](count(g.problems.length), addressList(g.problems));
  }
  return groups;
}
