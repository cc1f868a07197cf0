// A sheet's rows by 0-based index, for the emulator's cell storage. A dense array (not a Map keyed by row number), so
// that inserting or deleting whole sheet rows is one splice (a move of references in V8) instead of re-keying every
// row below: a refresh deleting 100 scattered rows of a 100,000-row table spent over a second re-keying a Map, work
// that real Excel does in the host. Iteration is in ascending row order and skips rows that were never written.
//
// The array is kept packed (grown with push, never by assigning past its end, nor from a holey array), so V8 keeps it
// in fast elements with a fast splice even when a row near the sheet's last row is written; it is trimmed when its
// last rows go.
export type Row<T> = (T | undefined)[];

export class RowStore<T> {
  private slots: (Row<T> | undefined)[] = [];
  private present = 0;

  /** rows held (written and not deleted) */
  get size(): number {
    return this.present;
  }

  /** one past the highest row held (0 when empty) */
  get end(): number {
    return this.slots.length;
  }

  get(r: number): Row<T> | undefined {
    return this.slots[r];
  }

  has(r: number): boolean {
    return this.slots[r] !== undefined;
  }

  set(r: number, row: Row<T>): void {
    const slots = this.slots;
    while (slots.length <= r) slots.push(undefined);
    if (slots[r] === undefined) this.present++;
    slots[r] = row;
  }

  delete(r: number): boolean {
    if (this.slots[r] === undefined) return false;
    this.slots[r] = undefined;
    this.present--;
    this.trim();
    return true;
  }

  clear(): void {
    this.slots = [];
    this.present = 0;
  }

  /**
   * Whole rows inserted (count > 0) or deleted (count < 0) at `at`: the rows from there move down or up. Rows pushed
   * to `limit` or beyond (the sheet's row count) are dropped.
   */
  shift(at: number, count: number, limit: number): void {
    const slots = this.slots;
    if (count === 0 || at >= slots.length) return;
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
    const slots = this.slots;
    while (slots.length > 0 && slots[slots.length - 1] === undefined) slots.pop();
  }
}
