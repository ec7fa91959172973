// Tables of the facility feature (owned by lib/facility/). Exported from ./index.ts.
export {};
