"use client";
/**
 * When each time-series chart swaps its server-drawn SVG for the interactive recharts chart:
 * after hydration, one chart per idle period, charts on (or near) the screen first, and at once
 * when the pointer reaches a chart (its tooltip is wanted). Hydration so renders no recharts at
 * all (its code is not in the page's first bundle), and no single task mounts more than one chart.
 * If that code cannot be loaded, the server-drawn charts simply stay.
 */
import { type ComponentType, useCallback, useEffect, useRef, useState } from "react";
import type InteractiveTimeSeries from "./interactive-time-series";

type Interactive = typeof InteractiveTimeSeries;
type Entry = { el: Element; visible: boolean; go: (committed: () => void) => void };

let loaded: Interactive | null = null;
let loading: Promise<Interactive> | null = null;
const queue = new Set<Entry>();
let pumping = false;
let observer: IntersectionObserver | null = null;

function load(): Promise<Interactive> {
  loading ??= import("./interactive-time-series").then((m) => {
    loaded = m.default;
    return loaded;
  });
  return loading;
}

// In the browser, fetch the interactive chart's code as soon as this module runs (before
// hydration starts), so it is there when the first chart's turn comes; the server-drawn charts
// are already on screen by then, so this competes with nothing the user sees.
if (typeof window !== "undefined") load().catch(() => {});

const idle = (fn: () => void) =>
  typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 250 }) : setTimeout(fn, 1);

function watch(e: Entry) {
  if (typeof IntersectionObserver !== "function") return;
  observer ??= new IntersectionObserver(
    (records) => {
      for (const r of records) for (const q of queue) if (q.el === r.target) q.visible = r.isIntersecting;
    },
    { rootMargin: "200px" },
  );
  observer.observe(e.el);
}

function remove(e: Entry) {
  queue.delete(e);
  observer?.unobserve(e.el);
}

/** The next chart to upgrade: the first visible one in page order, else the first in page order. */
function pick(): Entry | undefined {
  let best: Entry | undefined;
  for (const e of queue) {
    const before = best
      ? (e.el.compareDocumentPosition(best.el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
      : true;
    if (!best || (e.visible && !best.visible) || (e.visible === best.visible && before)) best = e;
  }
  return best;
}

function step() {
  const e = pick();
  if (!e) {
    pumping = false;
    return;
  }
  remove(e);
  // The next chart waits until this one has committed, then for the next idle period.
  e.go(() => idle(step));
}

function pump() {
  if (pumping || queue.size === 0) return;
  pumping = true;
  load().then(
    () => idle(step),
    () => (pumping = false),
  );
}

/**
 * For one chart: `Chart` is null while the server-drawn SVG should stay, then the interactive
 * component; put `ref` on the chart's box and call `now` when the pointer enters it.
 */
export function useInteractiveChart<T extends Element>() {
  const ref = useRef<T>(null);
  const entry = useRef<Entry | null>(null);
  const [Chart, setChart] = useState<ComponentType<Parameters<Interactive>[0]> | null>(null);
  const committed = useRef<(() => void) | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const e: Entry = {
      el,
      visible: false,
      go: (done) => {
        committed.current = done;
        setChart(() => loaded);
      },
    };
    entry.current = e;
    queue.add(e);
    watch(e);
    pump();
    return () => {
      remove(e);
      // Unmounted before its turn finished: let the queue go on.
      committed.current?.();
      committed.current = null;
    };
  }, []);
  useEffect(() => {
    if (!Chart) return;
    committed.current?.();
    committed.current = null;
  }, [Chart]);
  const now = useCallback(() => {
    const e = entry.current;
    if (!e || !queue.has(e)) return;
    remove(e);
    load().then(
      () => e.go(() => {}),
      () => {},
    );
  }, []);
  return { ref, Chart, now };
}
