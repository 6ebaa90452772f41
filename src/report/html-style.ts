// The HTML report's stylesheet, inline (the CSP allows inline styles and nothing else).
export const STYLE = `
:root { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; background: #fff; }
body { margin: 0 1.5rem 1.5rem; }
h1.verdict { font-size: 1.05rem; padding: .55rem .8rem; border-radius: 0 0 6px 6px; color: #fff; margin: 0 0 .8rem; position: sticky; top: 0; z-index: 2; }
h1.PASS { background: rgb(22, 163, 74); } h1.FAIL { background: rgb(220, 38, 38); } h1.INCOMPLETE { background: rgb(217, 119, 6); }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
.top h2 { margin-top: 0; }
.muted { color: #6b7280; font-weight: normal; }
table { border-collapse: collapse; }
th, td { border: 1px solid #e5e7eb; padding: 2px 6px; vertical-align: top; text-align: left; }
table.list td { max-width: 48rem; overflow-wrap: anywhere; }
td.num { text-align: right; } td.num.fail { color: rgb(185, 28, 28); font-weight: 600; } td.num.error, td.num.warn { color: rgb(180, 83, 9); font-weight: 600; }
td.bad { color: rgb(185, 28, 28); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
pre { background: #f9fafb; padding: .5rem; overflow: auto; max-height: 30rem; }
.top { display: grid; grid-template-columns: minmax(24rem, 1fr) auto; gap: 1.2rem; align-items: start; }
#matrix { max-width: 760px; }
@media (max-width: 1000px) { .top { grid-template-columns: 1fr; } }
#causes { max-height: calc(100vh - 4.5rem); overflow: auto; }
ol.causes { list-style: none; padding: 0; margin: 0; }
li.cause { border: 1px solid #e5e7eb; border-left: 5px solid rgb(209, 213, 219); border-radius: 4px; padding: .25rem .5rem; margin-bottom: .35rem; font-size: 13px; line-height: 1.35; }
li.cause.fail { border-left-color: rgb(220, 38, 38); } li.cause.error { border-left-color: rgb(245, 158, 11); } li.cause.warn { border-left-color: rgb(252, 211, 77); }
li.cause.active { background: #eff6ff; border-color: #2563eb; }
.cause-button { all: unset; cursor: pointer; display: flex; gap: .3rem; align-items: flex-start; font-weight: 600; }
.cause-button .badge { flex: none; } .cause-button .num { flex: none; }
.cause-button:focus-visible { outline: 2px solid #2563eb; }
.fix { margin-top: .1rem; overflow-wrap: anywhere; } .fix code { background: #f3f4f6; padding: 0 .2rem; font-size: 11.5px; }
.scope { font-size: 11.5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
/* Two lines of summary and of fix each keep every cause of a typical run on the first screen; the
   clicked cause shows all of its words. */
li.cause .summary, li.cause .fix { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
li.cause .summary { flex: 1; min-width: 0; }
li.cause.active .summary, li.cause.active .fix { -webkit-line-clamp: unset; display: block; }
li.cause.active .scope { white-space: normal; }
.swatch, .badge { display: inline-block; min-width: 1.2em; text-align: center; border-radius: 3px; }
.legend { margin: .2rem 0 .4rem; font-size: 12px; }
.hover { font-size: 12px; min-height: 1.2em; margin-bottom: .3rem; font-family: ui-monospace, monospace; }
.grid { width: max-content; }
.grid.labelled { display: grid; grid-template-rows: max-content auto; }
.grid .cols, .grid .rows { display: grid; }
.grid .lab { font-size: 11px; line-height: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; display: flex; align-items: center; }
.grid .cols .lab { writing-mode: vertical-rl; transform: rotate(180deg); max-height: 6rem; padding: 3px 0; justify-content: flex-start; }
.grid .rows .lab { max-width: 8rem; padding-right: 4px; justify-content: flex-end; }
.grid .lab.down { color: rgb(185, 28, 28); }
.grid canvas.cells { display: block; cursor: crosshair; }
.c.pass, .swatch.pass, .badge.pass { background: rgb(22, 163, 74); color: #fff; }
.c.fail, .swatch.fail, .badge.fail { background: rgb(220, 38, 38); color: #fff; }
.c.error, .swatch.error, .badge.error { background: rgb(245, 158, 11); color: #111827; }
.c.warn, .swatch.warn, .badge.warn { background: rgb(252, 211, 77); color: #111827; }
.c.skip, .swatch.skip, .badge.skip { background: rgb(209, 213, 219); color: #111827; }
tr.fail td { background: rgb(254, 226, 226); } tr.error td { background: rgb(254, 243, 199); }
#panel { margin-top: .6rem; border: 1px solid #e5e7eb; padding: .4rem .5rem; }
#panel h3 { font-size: .95rem; margin: 0 0 .3rem; }
`;
