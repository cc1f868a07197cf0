// The push preview's problem lists. Errors (and Claret's refusals) are listed one per cell, a page
// at a time so a 10,000-row selection stays quick to render, with every cell reachable through
// "Show more". Warnings are grouped one line per kind ("7,563 rows have decimal quantities …");
// each group can be opened to list its cells. Every address is a link that selects its cell.
import { useState } from "react";
import { Button, Link, Text, makeStyles, tokens } from "@fluentui/react-components";
import { formatCount as n, type CellProblem, type UserMessage } from "../workflows/api";
import { toUserMessage } from "../workflows/messages";
import { groupProblemsByKind, problemText, selectCell } from "../workflows/push/push";
import { usePaneStyles } from "./paneStyles";

/** Cells listed at first, and added by each "Show more". */
export const PROBLEM_PAGE = 200;

const useStyles = makeStyles({
  list: {
    margin: 0,
    paddingLeft: 0,
    listStyleType: "none",
    maxHeight: "220px",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  nested: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    listStyleType: "none",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
  },
  more: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

type OnMessage = (m: UserMessage) => void;

function CellLink({
  problem,
  onMessage,
  title,
}: {
  problem: CellProblem;
  onMessage: OnMessage;
  title?: string;
}) {
  return (
    <Link
      as="button"
      onClick={() =>
        selectCell(problem.sheetName, problem.address).catch((e: unknown) =>
          onMessage(toUserMessage(e))
        )
      }
      title={title ?? `Select cell ${problem.address}`}
    >
      {problem.address}
    </Link>
  );
}

/** One line per cell, PROBLEM_PAGE at a time. */
function CellLines({
  problems,
  onMessage,
  className,
}: {
  problems: CellProblem[];
  onMessage: OnMessage;
  className: string;
}) {
  const styles = useStyles();
  const [shown, setShown] = useState(PROBLEM_PAGE);
  const rest = problems.length - shown;
  return (
    <>
      <ul className={className}>
        {problems.slice(0, shown).map((p, i) => (
          <li key={`${p.address}-${i}`}>
            <CellLink problem={p} onMessage={onMessage} />: {problemText(p)}
          </li>
        ))}
      </ul>
      {rest > 0 && (
        <div className={styles.more}>
          <Text size={200}>…and {n(rest)} more.</Text>
          <Button
            size="small"
            appearance="subtle"
            onClick={() => setShown((s) => s + PROBLEM_PAGE)}
          >
            Show {n(Math.min(rest, PROBLEM_PAGE))} more
          </Button>
        </div>
      )}
    </>
  );
}

/** Errors or refusals: every cell on its own line. */
export function ProblemList({
  title,
  problems,
  onMessage,
}: {
  title: string;
  problems: CellProblem[];
  onMessage: OnMessage;
}) {
  const styles = useStyles();
  const pane = usePaneStyles();
  if (problems.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3 className={pane.heading}>
        {title} ({n(problems.length)})
      </h3>
      <CellLines problems={problems} onMessage={onMessage} className={styles.list} />
    </section>
  );
}

function WarningGroup({
  problems,
  message,
  onMessage,
}: {
  problems: CellProblem[];
  message: string;
  onMessage: OnMessage;
}) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [first] = problems;
  if (problems.length === 1) {
    return (
      <li>
        <CellLink problem={first} onMessage={onMessage} />: {problemText(first)}
      </li>
    );
  }
  return (
    <li>
      <CellLink
        problem={first}
        onMessage={onMessage}
        title={`Select cell ${first.address}, the first of ${n(problems.length)}`}
      />
      : {message}{" "}
      <Button
        size="small"
        appearance="subtle"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Hide the cells" : `List all ${n(problems.length)} cells`}
      </Button>
      {open && <CellLines problems={problems} onMessage={onMessage} className={styles.nested} />}
    </li>
  );
}

/** Warnings: one line per kind, each openable to its cells; a warning of its kind alone keeps its own message. */
export function WarningList({
  warnings,
  onMessage,
}: {
  warnings: CellProblem[];
  onMessage: OnMessage;
}) {
  const styles = useStyles();
  const pane = usePaneStyles();
  if (warnings.length === 0) return null;
  const groups = groupProblemsByKind(warnings);
  return (
    <section aria-label="Warnings">
      <h3 className={pane.heading}>Warnings ({n(warnings.length)})</h3>
      <ul className={styles.list}>
        {groups.map((g) => (
          <WarningGroup
            key={`${g.kind ?? "single"}-${g.problems[0].address}`}
            problems={g.problems}
            message={g.message}
            onMessage={onMessage}
          />
        ))}
      </ul>
    </section>
  );
}
