// The report's stylesheet, inlined into report.html (system fonts only: nothing is fetched).
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #212529; --muted: #6c757d; --line: #dee2e6; --accent: #4c6ef5; --card: #ffffff; --page: #f8f9fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 16px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 40px 24px 64px; }
header h1 { font-size: 30px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
header p.lede { color: var(--muted); margin: 0 0 18px; max-width: 760px; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 0 0 28px; }
dl.facts div { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
dl.facts dt { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
dl.facts dd { margin: 2px 0 0; font-weight: 600; overflow-wrap: anywhere; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
section > p.note { color: var(--muted); margin: 0 0 14px; max-width: 800px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 18px; }
figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 16px 10px; }
figure h3 { font-size: 16px; margin: 0 0 4px; }
figure p { font-size: 14px; color: var(--muted); margin: 0 0 10px; }
figure .svg { overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; width: 100%; }
th, td { padding: 8px 12px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f1f3f5; font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; color: #495057; }
td.num { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
tr.best td.num.best { font-weight: 700; color: #2b8a3e; }
td.num.best { font-weight: 700; color: #2b8a3e; }
tr.reference td { color: var(--muted); font-style: italic; }
.samples td { font-size: 14px; }
.samples td.prompt { font-weight: 600; white-space: nowrap; }
.samples td q { quotes: none; }
.samples td .gen { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 48px; color: var(--muted); font-size: 13px; }
`;
