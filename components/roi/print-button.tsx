"use client";

/** The browser's own print dialog (Save as PDF works everywhere, no server needed). */
export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} data-testid="print-report">
      Print / Save as PDF
    </button>
  );
}
