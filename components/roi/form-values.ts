/** "a, b  c" → ["a", "b", "c"] */
export const splitList = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A number field: blank → null, otherwise the number (NaN is caught by the schema). */
export const numberOrNull = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? null : Number(s);
};
