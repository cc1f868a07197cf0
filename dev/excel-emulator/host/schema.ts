// How the host describes Excel's object model: one HostClass per Excel class (Range, Worksheet, Table, …), with
// its scalar properties, navigation properties, methods and, for a collection, its items and indexer. The request
// processor (processor.ts) walks Microsoft's serialized ObjectPaths and Actions over these descriptions. Member names
// are written here as the add-in writes them (camelCase); on the wire they are PascalCase (`values` ⇄ `Values`).

import { ErrorCodes, officeError, type EmulatedOfficeError } from "../errors";
import type { Runtime } from "./runtime";

/** An object of the workbook as the host holds it: its class and what it points at (null = a null object). */
export interface HostObject {
  // the class and its target travel together (obj() pairs them); the processor needs neither's type
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly cls: HostClass<any>;
  readonly target: unknown;
}

/** What a member sees besides its target: the runtime (model, options) and the request being processed. */
export interface HostContext {
  readonly rt: Runtime;
  /** mark the request as one that changed the workbook (listeners are told after it) */
  changed(): void;
  /** application.suspendApiCalculationUntilNextSync() was called in this request */
  suspendCalculation(): void;
}

export interface PropertyDef<T> {
  get(t: T, ctx: HostContext): unknown;
  set?(t: T, value: unknown, ctx: HostContext): void;
}

export interface HostClass<T = unknown> {
  /** Excel's class name: the `Location` of an error names it ("Range.values") */
  readonly name: string;
  /** the properties `load()` with no names returns */
  readonly scalars: readonly string[];
  readonly props: Readonly<Record<string, PropertyDef<T>>>;
  /** navigation properties: `range.format`, `table.columns`, `range.worksheet` */
  readonly navs?: Readonly<Record<string, (t: T, ctx: HostContext) => HostObject>>;
  /**
   * Methods, as an object path (`getRange(…)`, returning a HostObject) or as an action (`delete()`, returning a
   * value or nothing). Arguments arrive as sent; an object argument arrives as its HostObject.
   */
  readonly methods?: Readonly<Record<string, (t: T, args: unknown[], ctx: HostContext) => unknown>>;
  /** a collection's items, in order */
  readonly items?: (t: T, ctx: HostContext) => HostObject[];
  /** `collection[key]` (Office.js sends getItem(key) as an indexer), and how Office.js re-finds an item by its Id */
  readonly indexer?: (t: T, key: unknown, ctx: HostContext) => HostObject;
  /** the item's `Id` in results, so Office.js can address it again as `collection[Id]` */
  readonly id?: (t: T) => string | number;
  /** throws when the target no longer exists (a deleted sheet or table) */
  readonly alive?: (t: T) => void;
}

export function obj<T>(cls: HostClass<T>, target: T | null): HostObject {
  return { cls, target };
}

export function defineClass<T>(cls: HostClass<T>): HostClass<T> {
  return cls;
}

/** A read-only property. */
export function ro<T>(get: (t: T, ctx: HostContext) => unknown): PropertyDef<T> {
  return { get };
}

/** A property the add-in may write. */
export function rw<T>(
  get: (t: T, ctx: HostContext) => unknown,
  set: (t: T, value: unknown, ctx: HostContext) => void
): PropertyDef<T> {
  return { get, set };
}

/** A constant property (Excel has it; the emulator models no state behind it). */
export function fixed<T>(value: unknown, writable = false): PropertyDef<T> {
  return writable ? { get: () => value, set: () => undefined } : { get: () => value };
}

export function unknownMember(cls: string, member: string): EmulatedOfficeError {
  // The host's answer to a member it does not know is not documented (an inference: InvalidArgument, as for
  // the preview member use1904DateSystem).
  return officeError(
    ErrorCodes.invalidArgument,
    `${cls} has no member '${member}' in this emulator (see dev/excel-emulator/README.md).`
  );
}

export function invalidArgument(message: string): EmulatedOfficeError {
  return officeError(ErrorCodes.invalidArgument, message);
}

/** `n` as a whole number argument, or an InvalidArgument naming `what`. */
export function intArg(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v))
    throw invalidArgument(`${what} must be a whole number.`);
  return v;
}

export function lowerFirst(s: string): string {
  return s.length ? s[0].toLowerCase() + s.slice(1) : s;
}

export function upperFirst(s: string): string {
  return s.length ? s[0].toUpperCase() + s.slice(1) : s;
}
