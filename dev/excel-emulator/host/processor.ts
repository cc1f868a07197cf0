// The host's half of a request: what Excel does with the JSON that Microsoft's Office.js client sends at
// context.sync(). The body is { Actions, ObjectPaths } (excel-win32-16.01.debug.js ClientRequest.buildRequestMessageBodyAndRequestFlags,
// ≈12240); the answer is { Results: [{ ActionId, Value }], Error? } (processRequestExecutorResponseMessage, ≈14058).
// Actions run in order; the first that fails stops the request, and the results of the actions before it are
// still answered (Office.js applies them: a load before the failing write has its values).

import { formatAddress, type Rect } from "../address";
import { EmulatedOfficeError, ErrorCodes, officeError } from "../errors";
import { SheetModel, TableModel } from "../workbook-model";
import { utf8Bytes, type CommandInfo, type Runtime, type SyncRecord } from "./runtime";
import type { UndoRecord } from "./undo";
import {
  lowerFirst,
  unknownMember,
  upperFirst,
  type HostClass,
  type HostContext,
  type HostObject,
} from "./schema";

/** Office.js ActionType (OfficeExtension ActionType enum). */
const enum ActionType {
  Instantiate = 1,
  Query = 2,
  Method = 3,
  SetProperty = 4,
  Trace = 5,
  EnsureUnchanged = 6,
  RecursiveQuery = 7,
  Update = 9,
}

/** Office.js ObjectPathType. */
const enum PathType {
  Global = 1,
  NewObject = 2,
  Method = 3,
  Property = 4,
  Indexer = 5,
  ReferenceId = 6,
  NullObject = 7,
}

interface ArgumentInfo {
  Arguments?: unknown[];
  ReferencedObjectPathIds?: number[];
}

interface WireObjectPath {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: ArgumentInfo;
}

interface WireAction {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: ArgumentInfo;
  QueryInfo?: { Select?: string[] | null; Expand?: string[] | null; Skip?: number; Top?: number };
  ObjectState?: Record<string, unknown>;
}

interface WireRequest {
  Actions: WireAction[];
  ObjectPaths: Record<string, WireObjectPath>;
}

/** What Microsoft's client gets back: a body, or an Office.js host error code (5103, 5104, 5004, …). */
export type HostAnswer = { ok: true; body: string } | { ok: false; code: number; message: string };

/** Office.js's host error codes (RichApiMessageUtility.OfficeJsErrorCode_*, ≈11079; RequestContext._processOfficeJsErrorResponse, ≈24331). */
export const HostErrorCodes = {
  requestPayloadSizeLimitExceeded: 5103,
  responsePayloadSizeLimitExceeded: 5104,
  invalidApiCallInContext: 5004,
} as const;

/** Methods that change nothing Ctrl+Z puts back (selection, calculation): they open no undo record. */
const NOT_RECORDED = new Set(["select", "activate", "suspendApiCalculationUntilNextSync"]);

/** A null object whose class the host cannot know (a child of a null object): every member of it is null. */
const NULL_CLASS: HostClass<unknown> = { name: "Object", scalars: [], props: {} };

class Request implements HostContext {
  private readonly resolved = new Map<number, HostObject>();
  private readonly texts = new Map<number, string>();
  /** paths this request asks the host to keep (`_KeepReference`), with the reference each was given */
  private readonly keep = new Map<number, string>();
  changedWorkbook = false;
  calcSuspended = false;
  /** the member being run, for an error's Location ("WorksheetCollection.getItem", "Range.values") */
  location = "";
  /** the undo record this request's changes go in (opened before its first change) */
  undoRecord: UndoRecord | null = null;
  /** a member without undo support cleared the stack: the rest of this request is not undoable either */
  private undoCleared = false;

  constructor(
    readonly rt: Runtime,
    private readonly root: () => HostObject,
    private readonly body: WireRequest,
    /** the merged undo group of the request's Excel.run, or null */
    private readonly undoGroup: string | null = null
  ) {
    for (const a of body.Actions)
      if (a.ActionType === ActionType.Method && a.Name === "_KeepReference")
        this.keep.set(a.ObjectPathId, `ref${rt.nextReference++}`);
  }

  changed(): void {
    this.changedWorkbook = true;
    this.changes++;
  }
  /** calls of changed() and property writes so far: an action that raises it changed the workbook */
  changes = 0;

  /**
   * Before a member that may change the workbook runs (a property set, a method that is not a get…): a member without
   * undo support throws UndoNotSupported in a merged group or clears the stack; else the request's undo record opens.
   */
  private beforeChange(cls: string, member: string): void {
    if (member.startsWith("get") || member.startsWith("_") || NOT_RECORDED.has(member)) return;
    const undo = this.rt.undo;
    if (undo.checkMember(`${cls}.${member}`, this.undoGroup)) {
      this.undoCleared = true;
      this.undoRecord = null;
      return;
    }
    if (this.undoRecord || this.undoCleared) return;
    this.undoRecord = undo.open(this.rt.model, "add-in", this.undoGroup);
  }
  suspendCalculation(): void {
    this.calcSuspended = true;
    this.rt.model.holdCalculation();
  }

  private wirePath(id: number): WireObjectPath {
    const p = this.body.ObjectPaths[String(id)];
    if (!p) throw officeError(ErrorCodes.generalException, `The request has no object path ${id}.`);
    return p;
  }

  /** A readable form of a path, for fault matching and messages: workbook.worksheets.getItem("S").getRange("A1"). */
  text(id: number): string {
    const known = this.texts.get(id);
    if (known !== undefined) return known;
    const p = this.wirePath(id);
    const parent = () => (p.ParentObjectPathId ? this.text(p.ParentObjectPathId) : "?");
    const args = () => (p.ArgumentInfo?.Arguments ?? []).map((a) => JSON.stringify(a)).join(", ");
    let t: string;
    switch (p.ObjectPathType) {
      case PathType.Global:
        t = "workbook";
        break;
      case PathType.Property:
        t = `${parent()}.${lowerFirst(p.Name)}`;
        break;
      case PathType.Method:
        t = `${parent()}.${lowerFirst(p.Name)}(${args()})`;
        break;
      case PathType.Indexer:
        t = `${parent()}.getItem(${args()})`;
        break;
      case PathType.ReferenceId:
        t = this.rt.references.get(p.Name)?.cls.name ?? "reference";
        break;
      default:
        t = "null";
    }
    this.texts.set(id, t);
    return t;
  }

  private args(info: ArgumentInfo | undefined): unknown[] {
    const args = [...(info?.Arguments ?? [])];
    const refs = info?.ReferencedObjectPathIds ?? [];
    refs.forEach((ref, i) => {
      if (ref) args[i] = this.resolve(ref);
    });
    return args;
  }

  /** The object a path names, evaluated once per request (a method path such as worksheets.add() runs once). */
  resolve(id: number): HostObject {
    const known = this.resolved.get(id);
    if (known) return known;
    const p = this.wirePath(id);
    let o: HostObject;
    switch (p.ObjectPathType) {
      case PathType.Global:
        o = this.root();
        break;
      case PathType.ReferenceId: {
        const ref = this.rt.references.get(p.Name);
        // (inferred: Office.js's code for a path the host cannot follow)
        if (!ref)
          throw officeError(
            ErrorCodes.invalidObjectPath,
            `The object reference '${p.Name}' is no longer kept by the host (it was released).`
          );
        o = ref;
        break;
      }
      case PathType.NullObject:
        o = { cls: NULL_CLASS, target: null };
        break;
      case PathType.Property:
      case PathType.Method:
      case PathType.Indexer: {
        const parent = this.resolve(p.ParentObjectPathId ?? 0);
        o = this.child(parent, p);
        break;
      }
      default:
        throw officeError(
          ErrorCodes.generalException,
          `Object path type ${p.ObjectPathType} is not modelled by the emulator.`
        );
    }
    this.resolved.set(id, o);
    const ref = this.keep.get(id);
    if (ref && o.target !== null) this.rt.references.set(ref, o);
    return o;
  }

  private child(parent: HostObject, p: WireObjectPath): HostObject {
    if (parent.target === null) return { cls: NULL_CLASS, target: null };
    const cls = parent.cls;
    const member = p.ObjectPathType === PathType.Indexer ? "getItem" : lowerFirst(p.Name);
    this.location = `${cls.name}.${member}`;
    cls.alive?.(parent.target);
    if (p.ObjectPathType === PathType.Property) {
      const nav = cls.navs?.[member];
      if (!nav) throw unknownMember(cls.name, member);
      return nav(parent.target, this);
    }
    const args = this.args(p.ArgumentInfo);
    if (p.ObjectPathType === PathType.Indexer) {
      if (!cls.indexer) throw unknownMember(cls.name, "getItem");
      return cls.indexer(parent.target, args[0], this);
    }
    if (member === "getItemAt" && cls.items && !cls.methods?.getItemAt) {
      const items = cls.items(parent.target, this);
      const i = args[0];
      if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= items.length)
        throw officeError(
          ErrorCodes.invalidArgument,
          `${cls.name} has no item at index ${String(i)}.`
        );
      return items[i];
    }
    const method = cls.methods?.[member];
    if (!method) throw unknownMember(cls.name, member);
    this.beforeChange(cls.name, member);
    this.checkFault(cls.name, member, p.ParentObjectPathId ?? 0, parent.target);
    const result = method(parent.target, args, this);
    if (!isHostObject(result))
      throw officeError(ErrorCodes.generalException, `${cls.name}.${member} returns no object.`);
    return result;
  }

  /** A fault a test injected (host.failCommand) for this member of this object fires here. */
  private checkFault(cls: string, op: string, pathId: number, target: unknown): void {
    const faults = this.rt.commandFaults;
    if (!faults.length) return;
    const where = describeTarget(target);
    const info: CommandInfo = {
      location: `${cls}.${op}`,
      op,
      path: where ? `${this.text(pathId)} @ ${where}` : this.text(pathId),
    };
    const fault = faults.find((f) => f.remaining > 0 && f.match(info));
    if (!fault) return;
    fault.remaining--;
    fault.fired++;
    throw new EmulatedOfficeError(fault.code, fault.message);
  }

  /** Runs one action; its result value, or undefined for none. */
  run(a: WireAction): unknown {
    this.location = a.Name ? lowerFirst(a.Name) : a.ActionType === ActionType.Query ? "load" : "";
    switch (a.ActionType) {
      case ActionType.Instantiate: {
        const o = this.resolve(a.ObjectPathId);
        if (o.target === null) return null;
        this.location = o.cls.name;
        o.cls.alive?.(o.target);
        return this.identity(a.ObjectPathId, o);
      }
      case ActionType.Query:
      case ActionType.RecursiveQuery: {
        const o = this.resolve(a.ObjectPathId);
        this.location = `${o.cls.name}.load`;
        if (o.target !== null) this.checkFault(o.cls.name, "load", a.ObjectPathId, o.target);
        return this.query(
          o,
          a.QueryInfo?.Select ?? null,
          a.QueryInfo?.Expand ?? null,
          a.ObjectPathId
        );
      }
      case ActionType.Method: {
        if (a.Name === "_KeepReference") return null; // kept when its path was resolved
        const o = this.resolve(a.ObjectPathId);
        if (a.Name === "_RemoveReference") {
          const [ref] = this.args(a.ArgumentInfo);
          this.rt.references.delete(String(ref));
          return null;
        }
        const member = lowerFirst(a.Name);
        this.location = `${o.cls.name}.${member}`;
        const t = this.require(o, member);
        const method = o.cls.methods?.[member];
        if (!method) throw unknownMember(o.cls.name, member);
        this.beforeChange(o.cls.name, member);
        this.checkFault(o.cls.name, member, a.ObjectPathId, t);
        const result = method(t, this.args(a.ArgumentInfo), this);
        return isHostObject(result) ? null : (result ?? null);
      }
      case ActionType.SetProperty: {
        const o = this.resolve(a.ObjectPathId);
        this.setProperty(o, lowerFirst(a.Name), this.args(a.ArgumentInfo)[0], a.ObjectPathId);
        return undefined;
      }
      case ActionType.Update: {
        const o = this.resolve(a.ObjectPathId);
        this.update(o, a.ObjectState ?? {}, a.ObjectPathId);
        return undefined;
      }
      case ActionType.Trace:
      case ActionType.EnsureUnchanged:
        return undefined;
    }
    throw officeError(
      ErrorCodes.generalException,
      `Action type ${a.ActionType} is not modelled by the emulator.`
    );
  }

  private require(o: HostObject, member: string): unknown {
    if (o.target === null)
      throw officeError(
        ErrorCodes.itemNotFound,
        `The requested ${o.cls.name} does not exist (it is a null object from a *OrNullObject call); check isNullObject first (${member}).`
      );
    o.cls.alive?.(o.target);
    return o.target;
  }

  private setProperty(o: HostObject, prop: string, value: unknown, pathId: number): void {
    this.location = `${o.cls.name}.${prop}`;
    const t = this.require(o, prop);
    const def = o.cls.props[prop];
    if (!def) throw unknownMember(o.cls.name, prop);
    if (!def.set)
      throw officeError(
        ErrorCodes.invalidArgument,
        `The property '${prop}' of ${o.cls.name} is read-only.`
      );
    this.beforeChange(o.cls.name, prop);
    this.checkFault(o.cls.name, prop, pathId, t);
    def.set(t, value === undefined ? null : value, this);
    this.changed();
  }

  /** `set({ … })` sent as one Update action: scalars written, nested objects into their navigation objects. */
  private update(o: HostObject, state: Record<string, unknown>, pathId: number): void {
    for (const [key, value] of Object.entries(state)) {
      const member = lowerFirst(key);
      const nav = o.cls.navs?.[member];
      if (nav && value && typeof value === "object" && !Array.isArray(value))
        this.update(nav(this.require(o, member), this), value as Record<string, unknown>, pathId);
      else this.setProperty(o, member, value, pathId);
    }
  }

  /** What Office.js needs to address an object again: its Id (collection items) and the reference it asked for. */
  private identity(pathId: number, o: HostObject): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (o.cls.id && o.target !== null) out.Id = o.cls.id(o.target);
    const ref = this.keep.get(pathId);
    if (ref) out._ReferenceId = ref;
    return out;
  }

  private query(
    o: HostObject,
    select: readonly string[] | null,
    expand: readonly string[] | null,
    pathId: number | null
  ): unknown {
    if (o.target === null) return null;
    const t = o.target;
    o.cls.alive?.(t);
    const out: Record<string, unknown> = pathId === null ? {} : this.identity(pathId, o);
    if (o.cls.items) {
      // a collection: its own properties (count) at the top, the rest of the selection applies to each item
      const own = (select ?? []).filter((s) => o.cls.props[s]);
      for (const p of own) out[upperFirst(p)] = o.cls.props[p].get(t, this);
      const forItems = (select ?? []).filter((s) => !o.cls.props[s]);
      if (own.length === 0 || forItems.length > 0 || (expand?.length ?? 0) > 0) {
        const items = o.cls.items(t, this);
        out._Items = items.map((item) => {
          const v = this.query(item, forItems, expand, null) as Record<string, unknown> | null;
          if (v && item.cls.id && item.target !== null) v.Id = item.cls.id(item.target);
          return v;
        });
      }
      return out;
    }
    const direct: string[] = [];
    const nested = new Map<string, { select: string[]; expand: string[] }>();
    const group = (head: string) => {
      let g = nested.get(head);
      if (!g) nested.set(head, (g = { select: [], expand: [] }));
      return g;
    };
    for (const s of select ?? []) {
      const slash = s.indexOf("/");
      if (slash > 0) group(s.slice(0, slash)).select.push(s.slice(slash + 1));
      else if (o.cls.navs?.[s] && !o.cls.props[s]) group(s);
      else direct.push(s);
    }
    for (const e of expand ?? []) {
      const slash = e.indexOf("/");
      if (slash > 0) group(e.slice(0, slash)).expand.push(e.slice(slash + 1));
      else group(e);
    }
    const names = (select ?? []).length === 0 ? o.cls.scalars : direct;
    for (const p of names) {
      const def = o.cls.props[p];
      if (!def) throw unknownMember(o.cls.name, p);
      out[upperFirst(p)] = def.get(t, this);
    }
    for (const [head, g] of nested) {
      const nav = o.cls.navs?.[head];
      if (!nav) throw unknownMember(o.cls.name, head);
      out[upperFirst(head)] = this.query(nav(t, this), g.select, g.expand, null);
    }
    return out;
  }
}

/** Where an object is, for fault matching: a range's address, a sheet's or a table's name and sheet. */
function describeTarget(t: unknown): string {
  if (t instanceof SheetModel) return `'${t.name}'`;
  if (t instanceof TableModel) return `table ${t.name} on '${t.sheet.name}'`;
  if (!t || typeof t !== "object") return "";
  const { sheet, rect, rects, table } = t as {
    sheet?: unknown;
    rect?: Rect;
    rects?: Rect[];
    table?: unknown;
  };
  if (sheet instanceof SheetModel) {
    if (rect) return formatAddress(sheet.name, rect);
    if (rects) return rects.map((r) => formatAddress(sheet.name, r)).join(",");
    return `'${sheet.name}'`;
  }
  if (table instanceof TableModel) return `table ${table.name} on '${table.sheet.name}'`;
  return "";
}

function isHostObject(v: unknown): v is HostObject {
  return !!v && typeof v === "object" && "cls" in v && "target" in v;
}

export interface Processed {
  answer: HostAnswer;
  record: SyncRecord;
  changed: boolean;
}

/**
 * Answers one request of Microsoft's client. The request and response limits of Excel on the web are measured on
 * the bytes that really travel: the body text the client sent, the body text the host answers.
 */
export function processRequest(
  rt: Runtime,
  root: () => HostObject,
  bodyText: string,
  flags: number,
  undoGroup: string | null = null
): Processed {
  const model = rt.model;
  const record: SyncRecord = {
    commands: 0,
    payloadBytes: utf8Bytes(bodyText),
    responseBytes: 0,
    cellsWritten: 0,
    cellsCarried: 0,
    cellsCopied: 0,
    calcSuspended: false,
    ms: 0,
    flags,
    changedBy: [],
    ...(undoGroup === null ? {} : { undoGroup }),
  };
  const limit = rt.payloadLimitBytes;
  const body = JSON.parse(bodyText) as WireRequest;
  record.commands = body.Actions.length;
  // Desktop Office.js sends, after Excel.run, a request of its own that only releases the objects it asked the
  // host to keep: it carries none of the add-in's work, so it is counted apart from the add-in's syncs.
  if (isReleaseOnly(body)) rt.releaseRequests++;
  else rt.syncLog.push(record);
  record.cellsCarried = countCarriedCells(body.Actions);
  if (limit !== null && record.payloadBytes > limit) {
    record.error = ErrorCodes.requestPayloadSizeLimitExceeded;
    return {
      answer: {
        ok: false,
        code: HostErrorCodes.requestPayloadSizeLimitExceeded,
        message: `The request payload size has exceeded the limit: ${record.payloadBytes.toLocaleString("en-US")} bytes in one request, Excel on the web accepts ${limit.toLocaleString("en-US")}. Nothing of this request was applied.`,
      },
      record,
      changed: false,
    };
  }
  const written0 = model.cellsWritten;
  const copied0 = model.cellsCopied;
  const req = new Request(rt, root, body, undoGroup);
  const results: Array<{ ActionId: number; Value: unknown }> = [];
  let error: Record<string, unknown> | undefined;
  body.Actions.forEach((a, index) => {
    if (error) return;
    const before = { changes: req.changes, written: model.cellsWritten, copied: model.cellsCopied };
    const noteChange = () => {
      if (
        req.changes !== before.changes ||
        model.cellsWritten !== before.written ||
        model.cellsCopied !== before.copied
      )
        record.changedBy.push(req.location);
    };
    try {
      const value = req.run(a);
      noteChange();
      if (value !== undefined) results.push({ ActionId: a.Id, Value: value });
    } catch (e) {
      noteChange();
      // anything but an Office error is the emulator's own bug: say where, then answer as Excel's internal error
      if (!(e instanceof EmulatedOfficeError))
        console.error("Excel emulator: a host member threw", e);
      const err =
        e instanceof EmulatedOfficeError
          ? e
          : officeError(ErrorCodes.generalException, e instanceof Error ? e.message : String(e));
      error = {
        Code: err.code,
        Message: err.message,
        HttpStatusCode: 400,
        // Location is the member Excel names in debugInfo.errorLocation (inferred: "Class.member")
        Location: req.location,
        ActionIndex: index,
      };
      record.error = err.code;
    }
  });
  record.cellsWritten = model.cellsWritten - written0;
  record.cellsCopied = model.cellsCopied - copied0;
  record.calcSuspended = req.calcSuspended;
  // Automatic calculation runs after a request that wrote cells with calculation not suspended
  if (
    !req.calcSuspended &&
    model.calculationMode !== "Manual" &&
    (record.cellsWritten > 0 || record.cellsCopied > 0)
  )
    model.calculated();
  const changed = req.changedWorkbook || record.cellsWritten > 0 || record.cellsCopied > 0;
  if (req.undoRecord) {
    if (changed) req.undoRecord.requests++;
    else rt.undo.drop(req.undoRecord);
  }
  const text = JSON.stringify(error ? { Results: results, Error: error } : { Results: results });
  record.responseBytes = utf8Bytes(text);
  if (!error && limit !== null && record.responseBytes > limit) {
    record.error = ErrorCodes.responsePayloadSizeLimitExceeded;
    return {
      answer: {
        ok: false,
        code: HostErrorCodes.responsePayloadSizeLimitExceeded,
        message: `The response payload size has exceeded the limit: ${record.responseBytes.toLocaleString("en-US")} bytes in one response, Excel on the web returns at most ${limit.toLocaleString("en-US")}.`,
      },
      record,
      changed,
    };
  }
  return { answer: { ok: true, body: text }, record, changed };
}

function isReleaseOnly(body: WireRequest): boolean {
  return (
    body.Actions.length > 0 &&
    body.Actions.every(
      (a) =>
        a.ActionType === ActionType.Instantiate ||
        (a.ActionType === ActionType.Method && a.Name === "_RemoveReference")
    ) &&
    body.Actions.some((a) => a.Name === "_RemoveReference")
  );
}

/** Cells whose values travel in the request: each cell of a 2-D array written to a range, one for a single value. */
function countCarriedCells(actions: WireAction[]): number {
  let n = 0;
  for (const a of actions) {
    if (a.ActionType !== ActionType.SetProperty) continue;
    if (!/^(Values|Formulas|FormulasLocal|NumberFormat|NumberFormatLocal)$/.test(a.Name)) continue;
    const v = a.ArgumentInfo?.Arguments?.[0];
    if (Array.isArray(v)) for (const row of v) n += Array.isArray(row) ? row.length : 1;
    else n += 1;
  }
  return n;
}
