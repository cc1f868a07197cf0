// The workbench's grid: the emulated workbook's active sheet, virtualised with @tanstack/react-virtual so
// only the visible rows are read from the host and rendered (100,000 rows scroll like 100).
// Click / shift-click / drag select (the host's selection follows, as in Excel); double-click, F2,
// Enter or typing edits; Enter commits through host.setValue; Esc cancels; Ctrl+Z (Cmd+Z) is Excel's undo (host.undo).
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
} from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { cellAddress, columnName, formatRect, type Rect } from "../excel-emulator/address";
import { displayValue, type WorkbookView } from "./workbookView";

const ROW_HEIGHT = 22;
const COL_WIDTH = 104;
const ROW_HEADER_WIDTH = 56;
const HEADER_HEIGHT = 22;

interface Cell {
  r: number;
  c: number;
}

const rectOf = (a: Cell, b: Cell): Rect => ({
  r0: Math.min(a.r, b.r),
  c0: Math.min(a.c, b.c),
  r1: Math.max(a.r, b.r),
  c1: Math.max(a.c, b.c),
});
const inRect = (r: number, c: number, rect: Rect) =>
  r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1;

/** What a typed text becomes in the cell: numbers as numbers, everything else as typed (the host turns "=…" into formulas). */
function typedValue(text: string): string | number | boolean {
  const t = text.trim();
  if (t !== "" && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^(true|false)$/i.test(t)) return t.toUpperCase() === "TRUE";
  return text;
}

export interface GridProps {
  view: WorkbookView;
  sheet: string;
  /** bumps whenever the workbook changes */
  version: number;
}

export function Grid({ view, sheet, version }: GridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const size = useMemo(() => view.sheetSize(sheet), [view, sheet, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const rowCount = Math.min(1_048_576, Math.max(size.rows + 100, 200));
  const colCount = Math.min(16_384, Math.max(size.columns + 4, 14));

  const [anchor, setAnchor] = useState<Cell>({ r: 0, c: 0 });
  const [focus, setFocus] = useState<Cell>({ r: 0, c: 0 });
  const [editing, setEditing] = useState<{ cell: Cell; text: string } | null>(null);
  const dragging = useRef(false);

  // Follow the host's selection (the add-in selects cells too, e.g. a push problem).
  useEffect(() => {
    if (dragging.current) return;
    const sel = view.selection();
    if (!sel || sel.sheet !== sheet) return;
    setAnchor({ r: sel.rect.r0, c: sel.rect.c0 });
    setFocus({ r: sel.rect.r1, c: sel.rect.c1 });
  }, [view, sheet, version]);

  // Hidden rows (hidden by the planner or by a table's filter) take no height and are not drawn, as in Excel: the row
  // numbers skip them.
  const hidden = useMemo(() => view.hiddenRows(sheet), [view, sheet, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const rowVirtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (hidden.has(i) ? 0 : ROW_HEIGHT),
    overscan: 12,
  });
  useEffect(() => rowVirtualizer.measure(), [hidden, rowVirtualizer]);
  const items = rowVirtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // Read only the visible window from the host.
  const window = useMemo(
    () => view.readWindow(sheet, { r0: first, c0: 0, r1: last, c1: colCount - 1 }),
    [view, sheet, first, last, colCount, version] // eslint-disable-line react-hooks/exhaustive-deps
  );

  const tables = useMemo(() => view.tables(sheet), [view, sheet, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const tableClass = (r: number, c: number) => {
    const t = tables.find((x) => inRect(r, c, x));
    if (!t) return "";
    return r === t.r0 ? " wb-table-header" : (r - t.r0) % 2 === 0 ? " wb-table-band" : "";
  };
  const selectionRect = rectOf(anchor, focus);
  const commitSelection = useCallback(
    (a: Cell, f: Cell) => view.select(sheet, formatRect(rectOf(a, f))),
    [view, sheet]
  );

  // Scroll the active cell into view when it moves by keyboard or by the add-in.
  useEffect(() => {
    rowVirtualizer.scrollToIndex(focus.r, { align: "auto" });
    const el = scroller.current;
    if (!el) return;
    const left = ROW_HEADER_WIDTH + focus.c * COL_WIDTH;
    if (left < el.scrollLeft + ROW_HEADER_WIDTH) el.scrollLeft = left - ROW_HEADER_WIDTH;
    else if (left + COL_WIDTH > el.scrollLeft + el.clientWidth)
      el.scrollLeft = left + COL_WIDTH - el.clientWidth;
  }, [focus.r, focus.c]); // eslint-disable-line react-hooks/exhaustive-deps

  const current = useRef({ anchor, focus });
  current.current = { anchor, focus };
  useEffect(() => {
    const up = () => {
      if (!dragging.current) return;
      dragging.current = false;
      commitSelection(current.current.anchor, current.current.focus);
    };
    document.addEventListener("mouseup", up);
    return () => document.removeEventListener("mouseup", up);
  }, [commitSelection]);

  const commitEdit = (move: Cell | null) => {
    if (!editing) return;
    const { cell, text } = editing;
    setEditing(null);
    view.setValue(sheet, cellAddress(cell.r, cell.c), typedValue(text));
    if (move) {
      setAnchor(move);
      setFocus(move);
      commitSelection(move, move);
    }
    scroller.current?.focus();
  };

  const moveTo = (cell: Cell, extend: boolean) => {
    const next = {
      r: Math.max(0, Math.min(rowCount - 1, cell.r)),
      c: Math.max(0, Math.min(colCount - 1, cell.c)),
    };
    setFocus(next);
    if (!extend) setAnchor(next);
    commitSelection(extend ? anchor : next, next);
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, Cell> = {
      ArrowDown: { r: focus.r + 1, c: focus.c },
      ArrowUp: { r: focus.r - 1, c: focus.c },
      ArrowLeft: { r: focus.r, c: focus.c - 1 },
      ArrowRight: { r: focus.r, c: focus.c + 1 },
      PageDown: { r: focus.r + page, c: focus.c },
      PageUp: { r: focus.r - page, c: focus.c },
    };
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "z") {
      // Ctrl+Z (Cmd+Z on a Mac): Excel undoes its last undo record
      e.preventDefault();
      view.undo();
    } else if (moves[e.key]) {
      e.preventDefault();
      moveTo(moves[e.key], e.shiftKey);
    } else if (e.key === "Enter" || e.key === "F2") {
      e.preventDefault();
      setEditing({ cell: focus, text: view.formulaOrValue(sheet, cellAddress(focus.r, focus.c)) });
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      for (let r = selectionRect.r0; r <= selectionRect.r1; r++) {
        for (let c = selectionRect.c0; c <= selectionRect.c1; c++)
          view.setValue(sheet, cellAddress(r, c), "");
      }
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      setAnchor(focus);
      setEditing({ cell: focus, text: e.key });
    }
  };

  const cellMouseDown = (cell: Cell, e: React.MouseEvent) => {
    if (e.button !== 0) return;
    if (editing) commitEdit(null);
    e.preventDefault();
    scroller.current?.focus();
    dragging.current = true;
    if (e.shiftKey) {
      setFocus(cell);
    } else {
      setAnchor(cell);
      setFocus(cell);
    }
  };

  const totalWidth = ROW_HEADER_WIDTH + colCount * COL_WIDTH;
  const columns = Array.from({ length: colCount }, (_, c) => c);
  const activeAddress = cellAddress(focus.r, focus.c);

  return (
    <div className="wb-grid">
      <div className="wb-formula-bar">
        <span className="wb-namebox" aria-label="Name box">
          {formatRect(selectionRect)}
        </span>
        <span className="wb-formula" aria-label="Formula bar">
          {editing ? editing.text : view.formulaOrValue(sheet, activeAddress)}
        </span>
      </div>
      <div
        ref={scroller}
        className="wb-scroller"
        tabIndex={0}
        role="grid"
        aria-label={`Sheet ${sheet}`}
        aria-rowcount={rowCount + 1}
        aria-colcount={colCount + 1}
        aria-multiselectable="true"
        onKeyDown={onKeyDown}
      >
        <div
          style={{
            height: rowVirtualizer.getTotalSize() + HEADER_HEIGHT,
            width: totalWidth,
            position: "relative",
          }}
        >
          <div
            className="wb-col-headers"
            role="row"
            aria-rowindex={1}
            style={{ width: totalWidth }}
          >
            <div className="wb-corner" role="columnheader" />
            {columns.map((c) => (
              <div
                key={c}
                role="columnheader"
                className={
                  c >= selectionRect.c0 && c <= selectionRect.c1
                    ? "wb-col-header wb-hl"
                    : "wb-col-header"
                }
                style={{ width: COL_WIDTH }}
              >
                {columnName(c)}
              </div>
            ))}
          </div>
          {items.map((item) => {
            const r = item.index;
            if (hidden.has(r)) return null;
            const values = window.values[r - first] ?? [];
            const cellFormats = window.cellFormats[r - first] ?? [];
            return (
              <div
                key={r}
                role="row"
                aria-rowindex={r + 2}
                className="wb-row"
                style={{
                  transform: `translateY(${item.start + HEADER_HEIGHT}px)`,
                  width: totalWidth,
                }}
              >
                <div
                  role="rowheader"
                  className={
                    r >= selectionRect.r0 && r <= selectionRect.r1
                      ? "wb-row-header wb-hl"
                      : "wb-row-header"
                  }
                >
                  {r + 1}
                </div>
                {columns.map((c) => {
                  const shown = displayValue(values[c], window.formats[r - first]?.[c]);
                  const selected = inRect(r, c, selectionRect);
                  const active = r === focus.r && c === focus.c;
                  const isEditing = editing && editing.cell.r === r && editing.cell.c === c;
                  const address = cellAddress(r, c);
                  const fmt = cellFormats[c];
                  return (
                    <div
                      key={c}
                      role="gridcell"
                      data-address={address}
                      data-fill={typeof fmt?.fill === "string" ? fmt.fill : undefined}
                      data-bold={fmt?.bold === true ? "true" : undefined}
                      aria-selected={selected}
                      className={`wb-cell${tableClass(r, c)}${selected ? " wb-selected" : ""}${active ? " wb-active" : ""}${shown.numeric ? " wb-num" : ""}`}
                      style={{
                        width: COL_WIDTH,
                        ...(typeof fmt?.fill === "string" ? { background: fmt.fill } : {}),
                        ...(fmt?.bold === true ? { fontWeight: 700 } : {}),
                        ...(typeof fmt?.fontColor === "string" ? { color: fmt.fontColor } : {}),
                        ...(fmt?.italic === true ? { fontStyle: "italic" } : {}),
                      }}
                      onMouseDown={(e) => cellMouseDown({ r, c }, e)}
                      onMouseEnter={() => dragging.current && setFocus({ r, c })}
                      onDoubleClick={() =>
                        setEditing({ cell: { r, c }, text: view.formulaOrValue(sheet, address) })
                      }
                    >
                      {isEditing ? (
                        <input
                          className="wb-editor"
                          aria-label={`Edit ${address}`}
                          autoFocus
                          value={editing.text}
                          onChange={(e) => setEditing({ cell: { r, c }, text: e.target.value })}
                          onKeyDown={(e) => {
                            if (e.key === "Enter") {
                              e.preventDefault();
                              commitEdit({ r: r + 1, c });
                            } else if (e.key === "Tab") {
                              e.preventDefault();
                              commitEdit({ r, c: c + 1 });
                            } else if (e.key === "Escape") {
                              e.preventDefault();
                              setEditing(null);
                              scroller.current?.focus();
                            }
                          }}
                          onBlur={() => commitEdit(null)}
                        />
                      ) : (
                        shown.text
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
