// Tables of the alerts feature (owned by lib/alerts/). Exported from ./index.ts.
export {};
