/** The console's stylesheet: system fonts only (offline), visible focus for keyboard use. */
export const DASHBOARD_STYLE = `
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d6dbe1;--bg:#f6f8fa;--accent:#0b5cad;--bad:#b42318;--ok:#067647;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
a{color:var(--accent)}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
header.top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.6rem 1rem;background:var(--bg);border-bottom:1px solid var(--line)}
header.top h1{font-size:1.1rem;margin:0}
header.top h1 a{color:inherit;text-decoration:none}
header.top small{color:var(--muted);font-weight:normal}
.ws,.clock,.row{display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}
.clock{margin-left:auto}
nav.tabs{display:flex;gap:.2rem;padding:0 1rem;border-bottom:1px solid var(--line);flex-wrap:wrap}
nav.tabs a{padding:.5rem .8rem;text-decoration:none;color:var(--muted);border-bottom:3px solid transparent}
nav.tabs a[aria-current=page]{color:var(--fg);border-bottom-color:var(--accent);font-weight:600}
main{padding:1rem;max-width:1400px}
h2{font-size:1.05rem;margin:1.2rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{background:var(--bg);border:1px solid var(--line);padding:.5rem;overflow:auto;max-height:28rem;white-space:pre-wrap;word-break:break-all}
button,input,select,textarea{font:inherit}
button{padding:.25rem .7rem;border:1px solid #8c959f;border-radius:4px;background:#fff;cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button.danger{color:var(--bad);border-color:var(--bad)}
button:disabled{opacity:.5;cursor:default}
input,select,textarea{padding:.25rem .4rem;border:1px solid #8c959f;border-radius:4px}
textarea{width:100%;min-height:5rem}
label{font-weight:500}
fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 1rem;padding:.6rem .8rem}
legend{font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.5rem .8rem;align-items:end}
.grid label{display:flex;flex-direction:column;gap:.15rem}
.grid label.check{flex-direction:row;align-items:center}
details{border-bottom:1px solid var(--line);padding:.2rem 0}
details>summary{cursor:pointer;display:flex;gap:.8rem;align-items:baseline;flex-wrap:wrap;padding:.2rem 0}
.s2{color:var(--ok)}.s3{color:var(--accent)}.s4{color:var(--warn)}.s5,.s0{color:var(--bad)}
.badge{display:inline-block;padding:0 .4rem;border-radius:9px;background:var(--bg);border:1px solid var(--line);font-size:12px}
.muted{color:var(--muted)}
.error{color:var(--bad)}
#toast{position:fixed;bottom:1rem;right:1rem;max-width:40rem}
#toast p{background:#1b1f24;color:#fff;padding:.5rem .8rem;border-radius:6px;margin:.3rem 0}
#toast p.bad{background:var(--bad)}
.login{max-width:26rem;margin:4rem auto;padding:1.5rem;border:1px solid var(--line);border-radius:8px}
.login form{display:flex;flex-direction:column;gap:.5rem}
.pager{display:flex;gap:.5rem;align-items:center;margin:.5rem 0}
`
