"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

/**
 * Page state that lives in the URL (time range, focused GPU, model, filters), so a link shows the
 * same view. Returns `update({name: value | null})`: sets or (null) removes query parameters,
 * keeps the others, and replaces the history entry without scrolling.
 */
export function useUrlUpdate() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    router.replace(`${pathname}?${next}`, { scroll: false });
  };
}
