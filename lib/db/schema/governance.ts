// Tables of the governance feature (owned by lib/governance/). Exported from ./index.ts.
export {};
