// Tables of the audit feature (owned by lib/audit/). Exported from ./index.ts.
export {};
