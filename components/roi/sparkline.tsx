import { sparkPath } from "./charts";

/** A tiny trend line; gaps where a bucket had no data. */
export function Sparkline({
  values,
  label,
  width = 96,
  height = 24,
}: {
  values: (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const { d, dots } = sparkPath(values, width, height);
  return (
    <svg
      className="spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {d ? <path d={d} /> : null}
      {dots.map(([x, y]) => (
        <circle key={`${x}-${y}`} cx={x} cy={y} r={1.8} />
      ))}
    </svg>
  );
}
