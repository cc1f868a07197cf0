// OfficeRuntime.storage, the one OfficeRuntime member the add-in uses. @types/office-js does not declare the
// OfficeRuntime namespace (@types/office-runtime does); this declares only what is used, with its requirement set as
// learn.microsoft.com gives it (OfficeRuntime.Storage interface: "[ API set: SharedRuntime 1.1, Mailbox 1.10 ]"), so
// the API-set gate (test/gate) can check it like the rest. In a browser runtime production Office.js implements it
// as window.localStorage with every key prefixed "_OfficeRuntime_Storage_" (excel-web-16.00.debug.js:63298).

declare namespace OfficeRuntime {
  /**
   * Asynchronous, global, and persistent key-value storage. The limit is 10 MB per domain, which may be shared by
   * multiple add-ins.
   *
   * @remarks
   * [Api set: SharedRuntime 1.1]
   */
  const storage: Storage;

  interface Storage {
    /**
     * Retrieves an item from storage based on its key. Returns a Promise. In the event the Promise does not resolve,
     * returns null.
     *
     * @remarks
     * [Api set: SharedRuntime 1.1]
     */
    getItem(key: string): Promise<string | null>;
    /**
     * Sets a key-value pair into storage or updates an existing key-value pair. Returns a Promise.
     *
     * @remarks
     * [Api set: SharedRuntime 1.1]
     */
    setItem(key: string, value: string): Promise<void>;
    /**
     * Removes an item from storage based on its key. Returns a Promise.
     *
     * @remarks
     * [Api set: SharedRuntime 1.1]
     */
    removeItem(key: string): Promise<void>;
  }
}
