// Reopen workbook, in the workbench: Excel closes the document and opens it again, and a document that opens starts
// a new add-in runtime. The page does what Excel does to the add-in — it reloads — and keeps across that reload
// what survives a close: the saved workbook (host.save(): content, saved document settings, the add-in's startup
// behaviour) and what is not the document's — the add-in's storage (OfficeRuntime.storage: the signed-in tokens
// stay on the device) and the Office theme. Kept in IndexedDB (structured clone: a 100,000-row workbook fits).
import type { SavedWorkbook, ThemeName, WebStorageLike } from "../excel-emulator";

export interface KeptAcrossReopen {
  file: SavedWorkbook;
  /** the add-in's storage: the origin's localStorage behind OfficeRuntime.storage */
  storage: Array<[string, string]>;
  theme: ThemeName;
}

const DB = "claret-workbench";
const STORE = "reopen";
const KEY = "last";

function database(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error("IndexedDB did not open"));
  });
}

function request<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>) {
  return database().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = act(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
      })
  );
}

/** The storage's entries, to be put in a fresh one after the reload. */
export function storageEntries(storage: WebStorageLike): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null) out.push([key, storage.getItem(key) ?? ""]);
  }
  return out;
}

export const keepForReopen = (kept: KeptAcrossReopen) =>
  request("readwrite", (store) => store.put(kept, KEY)).then(() => undefined);

/** What the last Reopen workbook kept; null when there is none (the page then opens a new workbook). */
export const keptForReopen = (): Promise<KeptAcrossReopen | null> =>
  request<KeptAcrossReopen | undefined>("readonly", (store) => store.get(KEY)).then(
    (kept) => kept ?? null,
    () => null
  );
