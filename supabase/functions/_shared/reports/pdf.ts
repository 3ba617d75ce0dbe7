// Renders a report document (shared/reports/document.ts) as a PDF with
// pdf-lib: pure JavaScript, no native code, runs in Deno and on Supabase's
// edge runtime. A4 pages with a branded header (agency, client, report, day),
// figures, colour-coded tables, bar and line charts, and "Page n of N".
import { type PDFFont, PDFDocument, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { Band } from "@shared/scoring/bands.ts";
import { bandLabels } from "@shared/scoring/bands.ts";
import type { ReportDocument, Section } from "@shared/reports/document.ts";

const [W, H, M] = [595.28, 841.89, 40];
const CONTENT = W - 2 * M;
const hex = (h: string) => rgb(parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255);
const ink = hex("#1f2330"), muted = hex("#667085"), rule = hex("#e4e7ec"), accent = hex("#4f46e5"), soft = hex("#f2f4f7");
/** The dashboard's band colours (app.css [data-band]): fill and the text on it. */
const bandFill: Record<Band, [ReturnType<typeof rgb>, ReturnType<typeof rgb>]> = {
  critical: [hex("#d92d20"), rgb(1, 1, 1)], atrisk: [hex("#ef6820"), rgb(1, 1, 1)], watch: [hex("#eaaa08"), hex("#3b2f00")],
  healthy: [hex("#17a34a"), rgb(1, 1, 1)], expansion: [hex("#2e6be6"), rgb(1, 1, 1)],
};

// The standard fonts speak WinAnsi only: the few other characters our texts use are spelled out, the rest become "?".
const winAnsiExtras = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
const spelled: Record<string, string> = { "−": "-", "→": "->", "≥": ">=", "≤": "<=", "↑": "+", "↓": "-" };
export const winAnsi = (s: string) =>
  [...s].map((ch) => spelled[ch] ?? ((ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) <= 255) || winAnsiExtras.includes(ch) ? ch : "?")).join("");

type Fonts = { regular: PDFFont; bold: PDFFont };

/** Cuts `text` to fit `width` at `size`, ending in "…" when cut. */
function fit(text: string, font: PDFFont, size: number, width: number): string {
  let t = winAnsi(text);
  if (font.widthOfTextAtSize(t, size) <= width) return t;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
  return `${t}…`;
}

/** Words wrapped to lines no wider than `width`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of winAnsi(text).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) { lines.push(line); line = word; } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(readonly pdf: PDFDocument, readonly fonts: Fonts, readonly doc: ReportDocument) {}

  newPage() {
    this.page = this.pdf.addPage([W, H]);
    const { bold, regular } = this.fonts;
    this.page.drawRectangle({ x: 0, y: H - 56, width: W, height: 56, color: accent });
    this.page.drawText(fit(`${this.doc.agency} · ${this.doc.client}`, bold, 11, CONTENT - 150), { x: M, y: H - 24, size: 11, font: bold, color: rgb(1, 1, 1) });
    this.page.drawText(fit(this.doc.title, regular, 10, CONTENT - 150), { x: M, y: H - 42, size: 10, font: regular, color: rgb(1, 1, 1) });
    const right = `Pulseboard · ${this.doc.day}`;
    this.page.drawText(right, { x: W - M - regular.widthOfTextAtSize(right, 9), y: H - 24, size: 9, font: regular, color: rgb(1, 1, 1) });
    this.y = H - 80;
  }

  /** Starts a new page unless `height` still fits above the footer. */
  need(height: number) {
    if (this.y - height < M + 24) this.newPage();
  }

  heading(text: string) {
    this.need(40);
    this.page.drawText(fit(text, this.fonts.bold, 12, CONTENT), { x: M, y: this.y - 12, size: 12, font: this.fonts.bold, color: ink });
    this.y -= 22;
  }

  text(s: string, size = 9, font = this.fonts.regular, color = ink, x = M) {
    this.page.drawText(s, { x, y: this.y, size, font, color });
  }
}

function figures(w: Writer, s: Extract<Section, { kind: "figures" }>) {
  w.heading(s.title);
  const perRow = 4, gap = 8, boxW = (CONTENT - gap * (perRow - 1)) / perRow, boxH = 44;
  s.items.forEach((item, i) => {
    if (i % perRow === 0) { w.need(boxH + gap); }
    const x = M + (i % perRow) * (boxW + gap);
    const top = w.y;
    w.page.drawRectangle({ x, y: top - boxH, width: boxW, height: boxH, color: soft, borderColor: rule, borderWidth: 0.5 });
    w.page.drawText(fit(item.label, w.fonts.regular, 8, boxW - 12), { x: x + 6, y: top - 14, size: 8, font: w.fonts.regular, color: muted });
    w.page.drawText(fit(item.value, w.fonts.bold, 14, boxW - 12), { x: x + 6, y: top - 34, size: 14, font: w.fonts.bold, color: ink });
    if (i % perRow === perRow - 1 || i === s.items.length - 1) w.y -= boxH + gap;
  });
  w.y -= 6;
}

function tableSection(w: Writer, s: Extract<Section, { kind: "table" }>) {
  w.heading(s.title);
  const { regular, bold } = w.fonts;
  if (s.rows.length === 0) {
    w.need(16);
    w.text(winAnsi(s.empty), 9, regular, muted);
    w.y -= 20;
    return;
  }
  // Columns as wide as their longest text (within bounds), scaled to the page.
  const natural = s.columns.map((c) => Math.min(180, Math.max(40, bold.widthOfTextAtSize(winAnsi(c.label), 8) + 10,
    ...s.rows.slice(0, 200).map((r) => regular.widthOfTextAtSize(winAnsi(String(r.cells[c.key] ?? "")), 8) + 10))));
  const scale = CONTENT / natural.reduce((a, b) => a + b, 0);
  const widths = natural.map((n) => n * scale);
  const rowH = 15;
  const header = () => {
    w.need(rowH * 2);
    w.page.drawRectangle({ x: M, y: w.y - rowH + 4, width: CONTENT, height: rowH, color: soft });
    let x = M;
    s.columns.forEach((c, i) => {
      const t = fit(c.label, bold, 8, widths[i] - 8);
      w.page.drawText(t, { x: c.numeric ? x + widths[i] - 4 - bold.widthOfTextAtSize(t, 8) : x + 4, y: w.y - 7, size: 8, font: bold, color: muted });
      x += widths[i];
    });
    w.y -= rowH;
  };
  header();
  for (const row of s.rows) {
    if (w.y - rowH < M + 24) { w.newPage(); header(); }
    let x = M;
    s.columns.forEach((c, i) => {
      const value = row.cells[c.key];
      const t = fit(value === null || value === undefined ? "–" : String(value), regular, 8, widths[i] - 8);
      if (c.key === "band" && row.band) {
        const [fill, on] = bandFill[row.band];
        w.page.drawRectangle({ x: x + 2, y: w.y - rowH + 6, width: widths[i] - 4, height: rowH - 3, color: fill });
        w.page.drawText(fit(bandLabels[row.band], bold, 8, widths[i] - 8), { x: x + 5, y: w.y - 7, size: 8, font: bold, color: on });
      } else {
        w.page.drawText(t, { x: c.numeric ? x + widths[i] - 4 - regular.widthOfTextAtSize(t, 8) : x + 4, y: w.y - 7, size: 8, font: regular, color: ink });
      }
      x += widths[i];
    });
    w.page.drawLine({ start: { x: M, y: w.y - rowH + 4 }, end: { x: M + CONTENT, y: w.y - rowH + 4 }, thickness: 0.4, color: rule });
    w.y -= rowH;
  }
  w.y -= 12;
}

function bars(w: Writer, s: Extract<Section, { kind: "bars" }>) {
  w.heading(s.title);
  const max = Math.max(1, ...s.bars.map((b) => b.value));
  const labelW = 130, valueW = 80, barW = CONTENT - labelW - valueW - 10;
  for (const b of s.bars) {
    w.need(18);
    w.page.drawText(fit(b.label, w.fonts.regular, 9, labelW - 6), { x: M, y: w.y - 10, size: 9, font: w.fonts.regular, color: ink });
    w.page.drawRectangle({ x: M + labelW, y: w.y - 12, width: barW, height: 10, color: soft });
    w.page.drawRectangle({ x: M + labelW, y: w.y - 12, width: Math.max(1, (b.value / max) * barW), height: 10, color: b.band ? bandFill[b.band][0] : accent });
    w.page.drawText(fit(b.text, w.fonts.bold, 9, valueW), { x: M + labelW + barW + 8, y: w.y - 10, size: 9, font: w.fonts.bold, color: ink });
    w.y -= 17;
  }
  w.y -= 10;
}

function line(w: Writer, s: Extract<Section, { kind: "line" }>) {
  w.heading(s.title);
  const h = 130;
  w.need(h + 24);
  const known = s.points.filter((p) => p.value !== null) as { day: string; value: number }[];
  const { regular } = w.fonts;
  const left = M + 34, width = CONTENT - 40, bottom = w.y - h;
  w.page.drawRectangle({ x: left, y: bottom, width, height: h, borderColor: rule, borderWidth: 0.6 });
  if (known.length === 0) {
    w.page.drawText("No history in this range yet.", { x: left + 10, y: bottom + h / 2, size: 9, font: regular, color: muted });
  } else {
    let [lo, hi] = [Math.min(...known.map((p) => p.value)), Math.max(...known.map((p) => p.value))];
    if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
    const n = Math.max(1, s.points.length - 1);
    const px = (i: number) => left + (i / n) * width;
    const py = (v: number) => bottom + ((v - lo) / (hi - lo)) * h;
    for (const [v, label] of [[hi, hi], [lo, lo]] as const) {
      const t = String(Math.round(label * 10) / 10);
      w.page.drawText(t, { x: left - 4 - regular.widthOfTextAtSize(t, 7), y: py(v) - 3, size: 7, font: regular, color: muted });
    }
    for (const m of s.markers) {
      const i = s.points.findIndex((p) => p.day === m.day);
      if (i < 0) continue;
      w.page.drawLine({ start: { x: px(i), y: bottom }, end: { x: px(i), y: bottom + h }, thickness: 1, color: hex("#b93815"), dashArray: [3, 2] });
      w.page.drawText(fit(m.label, regular, 7, 80), { x: Math.min(px(i) + 2, left + width - 60), y: bottom + h - 9, size: 7, font: regular, color: hex("#b93815") });
    }
    let prev: { x: number; y: number } | null = null;
    s.points.forEach((p, i) => {
      if (p.value === null) { prev = null; return; }
      const pt = { x: px(i), y: py(p.value) };
      if (prev) w.page.drawLine({ start: prev, end: pt, thickness: 1.6, color: accent });
      prev = pt;
    });
    const first = s.points[0]?.day ?? "", last = s.points.at(-1)?.day ?? "";
    w.page.drawText(first, { x: left, y: bottom - 10, size: 7, font: regular, color: muted });
    w.page.drawText(last, { x: left + width - regular.widthOfTextAtSize(last, 7), y: bottom - 10, size: 7, font: regular, color: muted });
  }
  w.y = bottom - 26;
}

function text(w: Writer, s: Extract<Section, { kind: "text" }>) {
  w.heading(s.title);
  for (const paragraph of s.lines) {
    for (const l of wrap(paragraph, w.fonts.regular, 9, CONTENT - 10)) {
      w.need(13);
      w.text(l, 9, w.fonts.regular, ink, M + 6);
      w.y -= 12;
    }
    w.y -= 3;
  }
  w.y -= 8;
}

/** The report as PDF bytes. */
export async function renderPdf(doc: ReportDocument): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(`${doc.title} · ${doc.client}`));
  pdf.setAuthor(winAnsi(doc.agency));
  pdf.setProducer("Pulseboard");
  pdf.setCreationDate(new Date(doc.generated_at));
  const fonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold) };
  const w = new Writer(pdf, fonts, doc);
  w.newPage();
  w.page.drawText(fit(doc.title, fonts.bold, 20, CONTENT), { x: M, y: w.y - 16, size: 20, font: fonts.bold, color: ink });
  w.page.drawText(fit(`${doc.client} · figures of ${doc.day} (UTC)`, fonts.regular, 10, CONTENT), { x: M, y: w.y - 32, size: 10, font: fonts.regular, color: muted });
  w.y -= 52;
  for (const s of doc.sections) {
    if (s.kind === "figures") figures(w, s);
    else if (s.kind === "table") tableSection(w, s);
    else if (s.kind === "bars") bars(w, s);
    else if (s.kind === "line") line(w, s);
    else text(w, s);
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    p.drawLine({ start: { x: M, y: M }, end: { x: W - M, y: M }, thickness: 0.5, color: rule });
    p.drawText(label, { x: W - M - fonts.regular.widthOfTextAtSize(label, 8), y: M - 14, size: 8, font: fonts.regular, color: muted });
    p.drawText(winAnsi(`${doc.title} · ${doc.client}`), { x: M, y: M - 14, size: 8, font: fonts.regular, color: muted });
  });
  return new Uint8Array(await pdf.save());
}
