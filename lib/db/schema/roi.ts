// Tables of the roi feature (owned by lib/roi/). Exported from ./index.ts.
export {};
