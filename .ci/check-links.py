#!/usr/bin/env python3
"""Checks the relative links of the Markdown documentation: README.md, CONTRIBUTING.md,
docs/*.md and spec/README.md. Every link that is not a URL must name a file that exists, and
its #anchor, if any, a heading of that file (GitHub's slugs). Offline; exits 1 on a broken link.

Usage: python3 .ci/check-links.py [FILE.md ...]   (from anywhere; paths relative to the repo)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT = ["README.md", "CONTRIBUTING.md", "spec/README.md", *sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def prose(text):
    """The lines outside fenced code blocks, with their numbers."""
    fence = None
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is None and marker:
            fence = marker.group(1)[0] * len(marker.group(1))
            continue
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        yield number, line


def anchors(path):
    """GitHub's anchors of a Markdown file's headings."""
    seen, result = {}, set()
    for _, line in prose(path.read_text(encoding="utf-8")):
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        text = CODE_SPAN.sub(lambda m: m.group(2), heading.group(1))
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def check(name):
    path = ROOT / name
    errors = []
    for number, line in prose(path.read_text(encoding="utf-8")):
        for target in LINK.findall(CODE_SPAN.sub("", line)):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            where = f"{name}:{number}: {target}"
            if not linked.exists():
                errors.append(f"{where}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                errors.append(f"{where}: no heading with this anchor")
    return errors


def main():
    names = sys.argv[1:] or DEFAULT
    errors = [e for name in names for e in check(name)]
    for error in errors:
        print(error)
    print(f"{len(names)} files, {len(errors)} broken links")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
