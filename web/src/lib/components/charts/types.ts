// The shapes the chart wrappers take: points in data units (x a time in ms), markers at an x.
export type ChartPoint = { x: number; y: number };
export type ChartMarker = { x: number; label: string };
