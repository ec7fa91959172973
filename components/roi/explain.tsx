import type { ReactNode } from "react";

/** A figure whose computation shows on hover (title) and on click (expands below). */
export function Explain({
  children,
  lines,
  testId,
}: {
  children: ReactNode;
  lines: string[];
  testId?: string;
}) {
  const text = lines.join("\n");
  return (
    <details className="explain" data-testid={testId}>
      <summary title={text}>{children}</summary>
      <pre>{text}</pre>
    </details>
  );
}
