import "server-only";

/** A mark on a chart's time axis (approval decisions, alerts). Shared by SRE panels. */
export type Annotation = { atMs: number; endMs?: number | null; kind: string; label: string; href?: string };

/** Decisions in [fromMs, toMs] as annotations (stub until governance lands). */
export async function listDecisionAnnotations(_fromMs: number, _toMs: number): Promise<Annotation[]> {
  return [];
}
