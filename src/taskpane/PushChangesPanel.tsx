// "Push changes": compares the active sheet's Claret table with Claret, shows the count per class
// and every row old → new (a page at a time; a click selects the cell), the beta warning, the
// choices for conflicts and key changes, and "Confirm push". Loaded lazily, like the push preview.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  Button,
  Checkbox,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  countOf as count,
  formatCount as n,
  type ChangeRow,
  type ChangesPreview,
  type ChangesSummary,
  type ClaretSession,
  type ConflictChoice,
  type DrainProgress,
  type PauseForSignIn,
  type UserMessage,
} from "../workflows/api";
import { toUserMessage } from "../workflows/messages";
import { MAX_BATCH_ROWS, POST_BETA_WARNING, selectCell } from "../workflows/push/push";
import { confirmChanges, noChangesText, prepareChanges } from "../workflows/push/pushChanges";
import { ProblemList, WarningList } from "./ProblemLists";
import { WorkProgress } from "./WorkProgress";
import { BatchProgress, type BatchCount } from "./BatchProgress";
import { AgainOrBack } from "./AgainOrBack";
import type { PushViewProps } from "./pushView";
import { usePaneStyles } from "./paneStyles";
import { useLatest } from "./useLatest";

/** Rows listed per class at first, and added by each "Show more". */
export const CHANGE_PAGE = 50;

const useStyles = makeStyles({
  facts: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
  },
  list: {
    margin: 0,
    paddingLeft: 0,
    listStyleType: "none",
    maxHeight: "240px",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  row: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  choice: { display: "flex", flexWrap: "wrap" },
  more: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

type ListedKind = ChangeRow["kind"];

const SECTIONS: ReadonlyArray<{ kind: ListedKind; title: string; hint: string }> = [
  { kind: "changed", title: "Changed by you", hint: "Sent." },
  {
    kind: "conflict",
    title: "Conflicts",
    hint: "Changed in Claret since this table was pulled or refreshed. Not sent unless you keep your values.",
  },
  { kind: "new", title: "New rows", hint: "Created in Claret." },
  {
    kind: "keyChanged",
    title: "Key changed",
    hint: "Item, customer group, sell_date or interval edited: sending creates a record at the new key and leaves the old one in Claret.",
  },
  {
    kind: "gone",
    title: "Gone from Claret",
    hint: "Claret no longer has these records; nothing is sent.",
  },
];

const COUNT_NOUNS: Record<ChangeRow["kind"] | "unchanged", string> = {
  changed: "changed by you",
  conflict: "conflicts",
  new: "new",
  keyChanged: "key changed",
  gone: "gone from Claret",
  unchanged: "unchanged",
};

function quantityText(q: number | string | null): string {
  return q === null ? "(empty)" : typeof q === "number" ? String(q) : JSON.stringify(q);
}

function rowLine(r: ChangeRow): string {
  const key = `${r.item_name}, ${r.customer_group_name}, ${r.sell_date}`;
  if (r.kind === "new") return `${key}: new → ${quantityText(r.newQuantity)}`;
  if (r.kind === "gone") return `${key} (id ${r.id}): no longer in Claret`;
  if (r.kind === "keyChanged" && r.was)
    return `${r.was.item_name}, ${r.was.customer_group_name}, ${r.was.sell_date} → ${key}: ${quantityText(r.newQuantity)}`;
  return `${key}: ${quantityText(r.oldQuantity)} → ${quantityText(r.newQuantity)}`;
}

function CellLink({ row, onMessage }: { row: ChangeRow; onMessage: (m: UserMessage) => void }) {
  return (
    <Link
      as="button"
      title={`Select cell ${row.address}`}
      onClick={() =>
        selectCell(row.sheetName, row.address).catch((e: unknown) => onMessage(toUserMessage(e)))
      }
    >
      {row.address}
    </Link>
  );
}

function ChangeSection({
  title,
  hint,
  rows,
  onMessage,
  choices,
  onChoose,
}: {
  title: string;
  hint: string;
  rows: ChangeRow[];
  onMessage: (m: UserMessage) => void;
  choices?: Readonly<Record<number, ConflictChoice>>;
  onChoose?: (rowIndex: number, choice: ConflictChoice) => void;
}) {
  const styles = useStyles();
  const pane = usePaneStyles();
  const [shown, setShown] = useState(CHANGE_PAGE);
  if (rows.length === 0) return null;
  const rest = rows.length - shown;
  return (
    <section aria-label={title} className={styles.row}>
      <h3 className={pane.subheading}>
        {title} ({n(rows.length)})
      </h3>
      <Text size={200}>{hint}</Text>
      <ul className={styles.list}>
        {rows.slice(0, shown).map((r) => (
          <li key={r.rowIndex} className={styles.row}>
            <span>
              <CellLink row={r} onMessage={onMessage} />: {rowLine(r)}
              {!r.sendable && r.kind !== "gone" ? " (has errors, not sent)" : ""}
            </span>
            {choices && onChoose && r.sendable && (
              <RadioGroup
                layout="horizontal"
                aria-label={`For ${r.address}`}
                className={styles.choice}
                value={choices[r.rowIndex] ?? ""}
                onChange={(_, d) => onChoose(r.rowIndex, d.value as ConflictChoice)}
              >
                <Radio value="mine" label={`Mine (${quantityText(r.newQuantity)})`} />
                <Radio value="claret" label={`Claret's (${quantityText(r.oldQuantity)})`} />
              </RadioGroup>
            )}
          </li>
        ))}
      </ul>
      {rest > 0 && (
        <div className={styles.more}>
          <Text size={200}>…and {n(rest)} more.</Text>
          <Button size="small" appearance="subtle" onClick={() => setShown((s) => s + CHANGE_PAGE)}>
            Show {n(Math.min(rest, CHANGE_PAGE))} more
          </Button>
        </div>
      )}
    </section>
  );
}

export default function PushChangesPanel({
  session,
  requestKey,
  onClose,
  onMessage,
  pauseForSignIn,
}: PushViewProps) {
  const [preview, setPreview] = useState<ChangesPreview | null>(null);
  const [comparing, setComparing] = useState<DrainProgress | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  // The session a new comparison starts with. A sign-in again changes it, and must not start the
  // comparison over: the one that paused carries on with the new session.
  const sessionRef = useLatest(session);

  const load = useCallback(async () => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setPreview(null);
    setComparing({ recordsSoFar: 0, total: null });
    onMessage(null);
    try {
      const p = await prepareChanges(sessionRef.current, {
        signal: c.signal,
        onProgress: (progress) => setComparing(progress),
        reauthenticate: pauseForSignIn?.("Comparing with Claret", c),
      });
      if (controller.current !== c) return; // a newer comparison took its place
      setPreview(p);
      if (p.rows.length === 0 && p.errors.length === 0)
        onMessage({ intent: "info", text: noChangesText(p) });
    } catch (error) {
      if (controller.current === c) onMessage(toUserMessage(error));
    } finally {
      if (controller.current === c) {
        controller.current = null;
        setComparing(null);
      }
    }
  }, [onMessage, pauseForSignIn, sessionRef]);

  useEffect(() => {
    void load();
  }, [load, requestKey]);

  if (comparing)
    return (
      <WorkProgress
        title="Comparing with Claret"
        progress={comparing}
        onCancel={() => controller.current?.abort()}
      />
    );
  if (!preview)
    return <AgainOrBack again="Push changes" onAgain={() => void load()} onBack={onClose} />;
  return (
    <ChangesPreviewView
      key={requestKey}
      preview={preview}
      session={session}
      onClose={onClose}
      onMessage={onMessage}
      onCompareAgain={() => void load()}
      pauseForSignIn={pauseForSignIn}
    />
  );
}

export function ChangesPreviewView({
  preview,
  session,
  onClose,
  onMessage,
  onCompareAgain,
  pauseForSignIn,
}: {
  preview: ChangesPreview;
  session: ClaretSession;
  onClose: () => void;
  onMessage: (message: UserMessage | null) => void;
  onCompareAgain: () => void;
  pauseForSignIn?: PauseForSignIn;
}) {
  const styles = useStyles();
  const pane = usePaneStyles();
  const [choices, setChoices] = useState<Record<number, ConflictChoice>>({});
  const [sendKeyChanges, setSendKeyChanges] = useState(false);
  const [createLinks, setCreateLinks] = useState(false);
  const [validOnly, setValidOnly] = useState(false);
  const [pushing, setPushing] = useState<BatchCount | null>(null);
  const [summary, setSummary] = useState<ChangesSummary | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const byKind = (kind: ListedKind) => preview.rows.filter((r) => r.kind === kind);
  const conflicts = byKind("conflict").filter((r) => r.sendable);
  const chooseAll = (choice: ConflictChoice) =>
    setChoices(Object.fromEntries(conflicts.map((r) => [r.rowIndex, choice])));
  const sendable = preview.rows.filter(
    (r) =>
      r.sendable &&
      (r.kind === "changed" ||
        r.kind === "new" ||
        (r.kind === "keyChanged" && sendKeyChanges) ||
        (r.kind === "conflict" && choices[r.rowIndex] !== undefined))
  ).length;
  const blocked = preview.errors.length > 0 && !validOnly;
  const canConfirm = !pushing && !summary && sendable > 0 && !blocked;

  const confirm = async () => {
    const c = new AbortController();
    controller.current = c;
    setPushing({ batchesDone: 0, batches: Math.max(1, Math.ceil(sendable / MAX_BATCH_ROWS)) });
    onMessage(null);
    try {
      const result = await confirmChanges(preview, session, {
        signal: c.signal,
        reauthenticate: pauseForSignIn?.("Pushing changes", c),
        createMissingLinks: createLinks,
        sendValidRowsOnly: validOnly,
        conflictChoices: choices,
        sendKeyChanges,
        onProgress: (p) => setPushing(p),
      });
      setSummary(result);
      const trouble =
        result.refused > 0 ||
        result.unknown > 0 ||
        result.arose.length > 0 ||
        result.log.error !== null ||
        result.notWrittenBack > 0;
      onMessage({
        intent: trouble ? "warning" : result.sent > 0 ? "success" : "info",
        text: result.sentence,
      });
    } catch (error) {
      onMessage(toUserMessage(error));
    } finally {
      setPushing(null);
      controller.current = null;
    }
  };

  const counts = (["changed", "conflict", "new", "keyChanged", "gone", "unchanged"] as const)
    .filter((k) => preview.counts[k] > 0)
    .map((k) =>
      k === "conflict"
        ? count(preview.counts[k], "conflict")
        : `${n(preview.counts[k])} ${COUNT_NOUNS[k]}`
    );

  return (
    <section className={pane.stack} aria-label="Push changes preview">
      <h2 className={pane.heading}>
        Push changes of table {preview.tableName} on sheet “{preview.sheetName}”
      </h2>
      <ul className={styles.facts}>
        <li>{counts.join(" · ") || "No rows"}</li>
        <li>Sale type: {preview.saleTypeName}</li>
        {preview.blank > 0 && <li>{count(preview.blank, "blank row")} skipped</li>}
        {preview.rowsWithErrors > 0 && <li>{count(preview.rowsWithErrors, "row")} with errors</li>}
      </ul>
      {preview.rows.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Beta</MessageBarTitle>
            {POST_BETA_WARNING}
          </MessageBarBody>
        </MessageBar>
      )}
      <ProblemList title="Errors" problems={preview.errors} onMessage={onMessage} />
      <WarningList warnings={preview.warnings} onMessage={onMessage} />
      {SECTIONS.map((s) =>
        s.kind === "conflict" ? (
          <div key={s.kind} className={styles.row}>
            <ChangeSection
              title={s.title}
              hint={s.hint}
              rows={byKind("conflict")}
              onMessage={onMessage}
              choices={choices}
              onChoose={(rowIndex, choice) => setChoices((c) => ({ ...c, [rowIndex]: choice }))}
            />
            {conflicts.length > 0 && !summary && (
              <div className={pane.actions}>
                <Button onClick={() => chooseAll("mine")}>Keep my values</Button>
                <Button onClick={() => chooseAll("claret")}>Take Claret's values</Button>
              </div>
            )}
          </div>
        ) : (
          <div key={s.kind} className={styles.row}>
            <ChangeSection
              title={s.title}
              hint={s.hint}
              rows={byKind(s.kind)}
              onMessage={onMessage}
            />
            {s.kind === "keyChanged" && byKind("keyChanged").some((r) => r.sendable) && (
              <Checkbox
                label="Send key changes as new records (the old records stay in Claret)"
                checked={sendKeyChanges}
                onChange={(_, d) => setSendKeyChanges(d.checked === true)}
              />
            )}
          </div>
        )
      )}
      {preview.rows.length > 0 && (
        <Checkbox
          label="Create missing item/customer group links"
          checked={createLinks}
          onChange={(_, d) => setCreateLinks(d.checked === true)}
        />
      )}
      {preview.errors.length > 0 && sendable > 0 && (
        <Checkbox
          label={`Send the ${count(sendable, "valid row")} only`}
          checked={validOnly}
          onChange={(_, d) => setValidOnly(d.checked === true)}
        />
      )}
      {pushing && <BatchProgress progress={pushing} />}
      {summary && (
        <ProblemList title="Refused by Claret" problems={summary.problems} onMessage={onMessage} />
      )}
      <div className={pane.actions}>
        {preview.rows.length > 0 && (
          <Button appearance="primary" disabled={!canConfirm} onClick={() => void confirm()}>
            Confirm push
          </Button>
        )}
        {pushing ? (
          <Button onClick={() => controller.current?.abort()}>Cancel</Button>
        ) : (
          <Button onClick={onClose}>
            {summary || preview.rows.length === 0 ? "Done" : "Back"}
          </Button>
        )}
        {summary && <Button onClick={onCompareAgain}>Compare again</Button>}
      </div>
    </section>
  );
}
