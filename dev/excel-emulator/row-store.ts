// A sheet's rows by 0-based index, for the emulator's cell storage. A dense array (not a Map keyed by row number), so
// that inserting or deleting whole sheet rows is one splice (a move of references in V8) instead of re-keying every
// row below: a refresh deleting 100 scattered rows of a 100,000-row table spent over a second re-keying a Map, work
// that real Excel does in the host. Iteration is in ascending row order and skips rows that were never written.
//
// The array is kept packed (grown with push, never by assigning past its end, nor from a holey array), so V8 keeps it
// in fast elements with a fast splice even when a row near the sheet's last row is written; it is trimmed when its
// last rows go.
//
// Undo records share rows with the live sheet (copy on write): fork() gives the rows as they are now and from then on
// a row is copied (with its cells) the first time get() or the iterator hands it out, so a record costs what the
// requests after it touch, not a copy of the sheet. peek() reads without copying: for readers that never change the
// row or its cells.
export type Row<T> = (T | undefined)[];

/** The rows of a store at a fork: what an undo record keeps. */
export type RowSlots<T> = readonly (Row<T> | undefined)[];

export class RowStore<T extends object> {
  private slots: (Row<T> | undefined)[] = [];
  private present = 0;
  /** rows this store may change in place since its last fork; undefined: never forked, every row is its own */
  private owned?: WeakSet<Row<T>>;
  /** the slots array itself belongs to an undo record too: copied before its first change */
  private slotsShared?: boolean;
  /** told of each item copied for copy on write (state kept by item identity follows the copy) */
  onCopy?: (from: T, to: T) => void;

  /** rows held (written and not deleted) */
  get size(): number {
    return this.present;
  }

  /** one past the highest row held (0 when empty) */
  get end(): number {
    return this.slots.length;
  }

  /** The row, to read or change (a row shared with an undo record is copied first). */
  get(r: number): Row<T> | undefined {
    const row = this.slots[r];
    return row === undefined || !this.owned || this.owned.has(row) ? row : this.own(r, row);
  }

  /** The row to read only: neither it nor its cells may be changed. */
  peek(r: number): Row<T> | undefined {
    return this.slots[r];
  }

  /** The rows as they are now, for an undo record: later changes copy a row before changing it. */
  fork(): RowSlots<T> {
    this.owned = new WeakSet();
    this.slotsShared = true;
    return this.slots;
  }

  /** Puts back the rows of a fork (undo); they stay shared with any older record. */
  restore(slots: RowSlots<T>): void {
    this.slots = slots as (Row<T> | undefined)[];
    this.slotsShared = true;
    let n = 0;
    for (const row of this.slots) if (row !== undefined) n++;
    this.present = n;
    this.owned = new WeakSet();
  }

  /** The slots array, to change (copied first when an undo record shares it). */
  private writable(): (Row<T> | undefined)[] {
    if (this.slotsShared) {
      this.slots = this.slots.slice();
      this.slotsShared = false;
    }
    return this.slots;
  }

  private own(r: number, row: Row<T>): Row<T> {
    const copy = row.map((item) => {
      if (item === undefined) return undefined;
      const to = { ...item };
      this.onCopy?.(item, to);
      return to;
    });
    this.writable()[r] = copy;
    this.owned!.add(copy);
    return copy;
  }

  has(r: number): boolean {
    return this.slots[r] !== undefined;
  }

  set(r: number, row: Row<T>): void {
    const slots = this.writable();
    while (slots.length <= r) slots.push(undefined);
    if (slots[r] === undefined) this.present++;
    slots[r] = row;
    this.owned?.add(row);
  }

  delete(r: number): boolean {
    if (this.slots[r] === undefined) return false;
    this.writable()[r] = undefined;
    this.present--;
    this.trim();
    return true;
  }

  clear(): void {
    this.slots = [];
    this.slotsShared = false;
    this.present = 0;
  }

  /**
   * Whole rows inserted (count > 0) or deleted (count < 0) at `at`: the rows from there move down or up. Rows pushed
   * to `limit` or beyond (the sheet's row count) are dropped.
   */
  shift(at: number, count: number, limit: number): void {
    if (count === 0 || at >= this.slots.length) return;
    const slots = this.writable();
    if (count < 0) {
      const removed = slots.splice(at, -count);
      for (const row of removed) if (row !== undefined) this.present--;
    } else if (count <= 4096) {
      slots.splice(at, 0, ...new Array<undefined>(count).fill(undefined));
    } else {
      // (a spread of more arguments could overflow the stack)
      const tail = slots.splice(at);
      for (let i = 0; i < count; i++) slots.push(undefined);
      for (const row of tail) slots.push(row);
    }
    if (this.slots.length > limit) {
      for (let r = limit; r < this.slots.length; r++)
        if (this.slots[r] !== undefined) this.present--;
      this.slots.length = limit;
    }
    this.trim();
  }

  *[Symbol.iterator](): IterableIterator<[number, Row<T>]> {
    // (index-based: a row deleted or the array trimmed while iterating is fine)
    for (let r = 0; r < this.slots.length; r++) {
      if (this.slots[r] !== undefined) yield [r, this.get(r)!];
    }
  }

  /** The rows to read only (see peek). */
  *peekEntries(): IterableIterator<[number, Row<T>]> {
    for (let r = 0; r < this.slots.length; r++) {
      const row = this.slots[r];
      if (row !== undefined) yield [r, row];
    }
  }

  entries(): IterableIterator<[number, Row<T>]> {
    return this[Symbol.iterator]();
  }

  *keys(): IterableIterator<number> {
    for (const [r] of this) yield r;
  }

  *values(): IterableIterator<Row<T>> {
    for (const [, row] of this) yield row;
  }

  private trim(): void {
    if (this.slots.length === 0 || this.slots[this.slots.length - 1] !== undefined) return;
    const slots = this.writable();
    while (slots.length > 0 && slots[slots.length - 1] === undefined) slots.pop();
  }
}
