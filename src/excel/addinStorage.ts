// Where the add-in keeps what belongs to the user and not to the workbook (the sign-in token): OfficeRuntime.storage
// in the shared runtime, else the page's localStorage, else memory (a host with neither: Node, tests). In a browser
// runtime OfficeRuntime.storage is itself localStorage with a key prefix (production Office.js), so both are what
// Microsoft's "Persist add-in state and settings" page calls browser storage, and both are keyed with
// Office.context.partitionKey when the host gives one, as that page says to ("undefined in environments without
// partitioning, such as the browser controls for Windows applications").

export interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

const memory = new Map<string, string>();

function partitionKey(): string {
  try {
    return typeof Office !== "undefined" ? (Office.context?.partitionKey ?? "") : "";
  } catch {
    return "";
  }
}

function backing(): KeyValueStorage {
  if (typeof OfficeRuntime !== "undefined" && typeof OfficeRuntime.storage?.getItem === "function")
    return OfficeRuntime.storage;
  if (typeof localStorage !== "undefined") {
    const local = localStorage;
    return {
      getItem: async (k) => local.getItem(k),
      setItem: async (k, v) => local.setItem(k, v),
      removeItem: async (k) => local.removeItem(k),
    };
  }
  return {
    getItem: async (k) => memory.get(k) ?? null,
    setItem: async (k, v) => void memory.set(k, v),
    removeItem: async (k) => void memory.delete(k),
  };
}

/** The add-in's storage, every key prefixed with the partition key (when the host partitions storage). */
export function addinStorage(): KeyValueStorage {
  const store = backing();
  const partition = partitionKey();
  if (!partition) return store;
  return {
    getItem: (k) => store.getItem(partition + k),
    setItem: (k, v) => store.setItem(partition + k, v),
    removeItem: (k) => store.removeItem(partition + k),
  };
}
