// How the five health bands are named and ordered on screen: the engine's own
// names and labels (shared/), worst first. Their colours live in app.css's
// [data-band] rules, so badges, tabs and charts agree.
export { bandLabels, bandNames as bandOrder } from "@shared/scoring/bands.ts";
