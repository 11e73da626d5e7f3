package html

// css is the page's one style sheet, inline: system fonts only (no web
// fonts), one readable column from a 375 px phone to a desktop, tables that
// scroll sideways in their wrapper on a narrow screen, and print rules for
// A4 paper without backgrounds.
const css = `:root { color-scheme: light; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #fff; color: #1b1f24; line-height: 1.6;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
:lang(zh) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", system-ui, sans-serif; }
.page { max-width: 62rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.75rem 0 0.25rem; color: #12355b; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 2.25rem 0 0.75rem; padding-bottom: 0.3rem;
  border-bottom: 2px solid #1f4e79; color: #12355b; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0 0 0.9rem; }
.sub { color: #4a5560; margin: 0; }
.lead { font-size: 1.125rem; }
.source, .note { font-size: 0.875rem; color: #4a5560; }
.embargo { margin: 0 0 1rem; padding: 0.6rem 0.9rem; border: 3px solid #b00000; color: #b00000;
  font-weight: 700; text-align: center; letter-spacing: 0.02em; }
.langs { list-style: none; margin: 0; padding: 0; display: flex; gap: 1rem; justify-content: flex-end; }
.langs a { color: #1f4e79; }
article + article { margin-top: 3rem; padding-top: 1rem; border-top: 4px double #1f4e79; }
/* A table wider than the screen scrolls in its wrapper; shadows at the
   edges say there is more. */
.scroll { overflow-x: auto; margin: 0 0 1.5rem;
  background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)) left / 2.5rem 100% no-repeat local,
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) right / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,0.18), rgba(0,0,0,0)) left / 0.8rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,0.18), rgba(0,0,0,0)) right / 0.8rem 100% no-repeat scroll; }
.scroll:focus { outline: 2px solid #1f4e79; outline-offset: 2px; }
table { border-collapse: collapse; font-size: 0.9rem; min-width: 100%; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 0.5rem; }
/* The caption stays in view, wrapped to the screen, while its table scrolls. */
caption span { display: inline-block; position: sticky; left: 0; max-width: min(calc(100vw - 2rem), 60rem); }
th, td { padding: 0.4rem 0.6rem; border-bottom: 1px solid #d5dbe1; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #1f4e79; vertical-align: bottom; font-weight: 600; min-width: 4.5em; }
/* Chinese breaks between any two characters: without a floor a narrow
   screen would stack a column title one character a line. */
:lang(zh) thead th { min-width: 5.5em; }
tbody th { font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: #f3f6f9; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
.na { color: #6a737d; }
.code { white-space: nowrap; }
td.text { min-width: 14rem; }
@media (max-width: 40rem) {
  .page { padding: 0.75rem 0.75rem 1.5rem; }
  h1 { font-size: 1.4rem; }
  table { font-size: 0.8125rem; }
  th, td { padding: 0.35rem 0.45rem; }
}
/* Charts two abreast where there is room, one a row on a phone. */
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.25rem 1.5rem; }
figure { margin: 0; min-width: 0; }
figure svg { display: block; width: 100%; height: auto; }
@media (max-width: 40rem) { .charts { grid-template-columns: 1fr; } }
dl { margin: 0; }
dt { font-weight: 600; margin-top: 0.75rem; }
dd { margin: 0.15rem 0 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.8rem; overflow-wrap: anywhere; }
ul.files { padding-left: 1.25rem; }
footer { margin-top: 2.5rem; padding-top: 0.75rem; border-top: 1px solid #c4ccd4; font-size: 0.875rem; color: #4a5560; }
footer p { margin: 0 0 0.3rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { background: none; color: #000; font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  nav { display: none; }
  .scroll { overflow: visible; background: none; }
  caption span { position: static; max-width: none; }
  tbody tr:nth-child(even) { background: none; }
  .charts { display: block; }
  figure { margin: 0 auto 1rem; max-width: 15cm; }
  table, figure, dl > * { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  article + article { break-before: page; page-break-before: always; border: 0; }
  .embargo { color: #000; border-color: #000; }
  .source, .note, .sub, footer { color: #000; }
}
`
