"use client";

/** Flips light/dark; the choice is a cookie so the server renders it next time. */
export function ThemeToggle() {
  return (
    <button
      type="button"
      onClick={() => {
        const root = document.documentElement;
        const next = root.dataset.theme === "dark" ? "light" : "dark";
        root.dataset.theme = next;
        // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read by the server layout
        document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`;
      }}
      aria-label="Toggle light or dark theme"
    >
      ◐ Theme
    </button>
  );
}
