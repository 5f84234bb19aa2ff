"""A terminal-looking HTML block: a command, what it printed, and its error in red.

kubectl writes results to stdout and failures to stderr; a terminal shows both, in
order. Learners should see exactly those bytes, so text is only HTML-escaped, never
reflowed (`white-space: pre-wrap` keeps kubectl's own line breaks and alignment).
"""

from __future__ import annotations

import html

STYLE = ("background:#1e1e1e;color:#e6e6e6;padding:8px 10px;border-radius:4px;margin:4px 0;"
         "font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px;"
         "line-height:1.35;white-space:pre-wrap;word-break:break-word")
PROMPT_STYLE = "color:#8ae234"
ERROR_STYLE = "color:#ff6b6b"
HINT_STYLE = "color:#8a8a8a"


def terminal_html(command: str, stdout: str = "", stderr: str = "", hint: str = "") -> str:
    """`$ command`, then stdout, then stderr in red (each line break kept)."""
    parts = [f'<span style="{PROMPT_STYLE}">$ {html.escape(command)}</span>']
    if stdout:
        parts.append(html.escape(stdout.rstrip("\n")))
    if stderr:
        parts.append(f'<span class="k8s-error" style="{ERROR_STYLE}">'
                     f"{html.escape(stderr.rstrip(chr(10)))}</span>")
    if hint:
        parts.append(f'<span style="{HINT_STYLE}">{html.escape(hint)}</span>')
    return f'<pre class="k8s-terminal" style="{STYLE}">' + "\n".join(parts) + "</pre>"
