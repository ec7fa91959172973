/** What a key press does in the inbox. Pure: the read-only inbox must never map a key to a decision. */
export type InboxCommand =
  | "next"
  | "previous"
  | "approve"
  | "reject"
  | "select"
  | "search"
  | "help"
  | "clear";

const NAVIGATION: Record<string, InboxCommand> = {
  j: "next",
  ArrowDown: "next",
  k: "previous",
  ArrowUp: "previous",
  "/": "search",
  "?": "help",
  Escape: "clear",
};
const DECIDING: Record<string, InboxCommand> = { a: "approve", r: "reject", x: "select" };

/** The command for `key`, or null when the key does nothing (decision keys without the right to decide). */
export function inboxCommand(key: string, canDecide: boolean): InboxCommand | null {
  if (Object.hasOwn(NAVIGATION, key)) return NAVIGATION[key]!;
  if (canDecide && Object.hasOwn(DECIDING, key)) return DECIDING[key]!;
  return null;
}
