"""What "inert" means for output made from hostile input: parsed as a browser parses it (html5lib),
no payload runs (every payload calls ``alert(<number>)``), no URL leaves the allow-list, nothing
refreshes, frames or posts the page. The theme's own scripts and handlers carry no payload."""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib

PAYLOAD = re.compile(r"alert\(\d+\)")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "cite",
                  "background"}
SAFE_URL = re.compile(r"^(https?:|mailto:|[^:]*$|[^:]*[/?#])", re.IGNORECASE)
ACTIVE_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "applet", "portal"}
"""Elements the theme never writes, so any of them came from input."""


def problems_in_html(text: str) -> list[str]:
    """Everything in an HTML page that would let hostile input act."""
    found = []
    document = html5lib.parse(text, namespaceHTMLElements=False)
    for element in document.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag.rsplit("}", 1)[-1].lower()
        if local in ACTIVE_ELEMENTS:
            found.append(f"<{local}> element")
        if local == "script" and PAYLOAD.search(element.text or ""):
            found.append(f"script runs {PAYLOAD.search(element.text).group(0)}")
        if local == "form" and "evil" in (element.get("action") or ""):
            found.append("a form from the input")
        if local == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else str(name)
            if name.startswith("on") and PAYLOAD.search(value):
                found.append(f"{name} attribute on <{local}>: {value[:60]}")
            if name in URL_ATTRIBUTES and not SAFE_URL.match(re.sub(r"[\x00-\x20]", "", value)):
                found.append(f"{name}={value[:60]} on <{local}>")
            if name == "style" and PAYLOAD.search(value):
                found.append(f"style runs {value[:60]}")
    return found


def problems_in_tree(outdir: Path) -> dict[str, list[str]]:
    """Problems in every HTML-like output file under ``outdir`` (and payloads in JSON and JS data)."""
    report = {}
    for path in sorted(outdir.rglob("*")):
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in (".html", ".xhtml", ".htm"):
            found = problems_in_html(path.read_text(encoding="utf-8", errors="replace"))
        elif suffix in (".svg",):
            found = ["an SVG file in the output"] if "alert(" in path.read_text(errors="replace") else []
        elif suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))  # still well-formed
            found = []
        else:
            found = []
        if found:
            report[str(path.relative_to(outdir))] = found
    return report
