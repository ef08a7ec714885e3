"""Drop the stylesheet rules an HTML export never uses.

nbconvert's lab template inlines all of JupyterLab's index.css (0.54 MB): the styles of every panel,
menu and widget of the application, of which an exported notebook uses a few dozen classes. A rule
is kept when one of its selectors could match: every class it names occurs in the document (tags,
attributes and pseudo-classes are assumed present). @media blocks are purged inside, @keyframes are
kept only when a kept rule names them, other at-rules are kept whole. The look is unchanged; the
export is half a megabyte smaller.
"""
import re

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
_CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)")
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)


def _blocks(css):
    """Top-level items: (prelude, body) for `x { ... }`, (statement, None) for `@charset ...;`."""
    out, i, n = [], 0, len(css)
    while i < n:
        j = i
        quote = None
        while j < n:
            c = css[j]
            if quote:
                if c == "\\":
                    j += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c in "{;":
                break
            j += 1
        if j >= n:
            break
        prelude = css[i:j].strip()
        if css[j] == ";":
            out.append((prelude, None))
            i = j + 1
            continue
        depth, k, quote = 1, j + 1, None
        while k < n and depth:
            c = css[k]
            if quote:
                if c == "\\":
                    k += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            k += 1
        out.append((prelude, css[j + 1 : k - 1]))
        i = k
    return out


def _split_selectors(prelude):
    parts, depth, cur = [], 0, ""
    for c in prelude:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _purge(css, classes):
    kept, keyframes = [], []
    for prelude, body in _blocks(css):
        if body is None:
            kept.append(prelude + ";")
        elif prelude.startswith("@media") or prelude.startswith("@supports"):
            inner = _purge(body, classes)
            if inner.strip():
                kept.append(prelude + "{" + inner + "}")
        elif re.match(r"@(-\w+-)?keyframes", prelude):
            keyframes.append((prelude.split()[-1], prelude + "{" + body + "}"))
        elif prelude.startswith("@"):
            kept.append(prelude + "{" + body + "}")
        else:
            # :not(.x) does not need .x in the document: drop negations before looking for classes.
            sels = [s for s in _split_selectors(prelude) if all(c in classes for c in _CLASS_IN_SELECTOR.findall(re.sub(r":not\([^)]*\)", "", s)))]
            if sels:
                kept.append(",".join(sels) + "{" + body + "}")
    text = "".join(kept)
    return text + "".join(rule for name, rule in keyframes if name in text)


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)


def purge_html_css(html):
    """The same HTML with every <style> element reduced to the rules the document can use.
    Script elements are left alone (plotly.js holds "<style" in its own strings)."""
    pieces, last = [], 0
    for m in _SCRIPT.finditer(html):
        pieces.append((html[last : m.start()], False))
        pieces.append((m.group(0), True))
        last = m.end()
    pieces.append((html[last:], False))
    markup = "".join(_STYLE.sub("", text) for text, is_script in pieces if not is_script)
    classes = {c for attr in _CLASS_ATTR.findall(markup) for c in attr.split()}
    purge = lambda m: m.group(1) + _purge(_COMMENT.sub("", m.group(2)), classes) + m.group(3)
    return "".join(text if is_script else _STYLE.sub(purge, text) for text, is_script in pieces)
