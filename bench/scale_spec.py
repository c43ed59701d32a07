#!/usr/bin/env python3
"""Makes a spec N times the size of ours, to time the generator on large specs.

    python3 bench/scale_spec.py --copies 100 --out /tmp/spec-x100
    cargo xtask generate --spec /tmp/spec-x100 --out /tmp/crate-x100

Each area file gets COPIES copies of its operations and of the schemas it defines, copy
`k` renamed throughout: paths get the prefix `/sK`, operation ids and the area's schema
names (and every `$ref` to them) the suffix `SK`. The root file (shared parameters and
schemas) is copied as it is but for shorter MCP tool prefixes, so the areas, modules and features stay the five of ours and
each grows COPIES times: the large-spec case with large modules. Copy 1 keeps the original
names. Our spec has 136 operations: 100 copies make 13,600, 736 copies 100,096.
"""

import argparse
import pathlib
import re

PATH_KEY = re.compile(r"^  (/[^:\s]*|'/[^']*'|\"/[^\"]*\"):(.*)$")
SCHEMA_KEY = re.compile(r"^    ([A-Za-z_][A-Za-z0-9_.-]*):(.*)$")
OPERATION_ID = re.compile(r"^(\s*operationId:\s*)(\S+)(.*)$")
SCHEMA_REF = re.compile(r"#/components/schemas/([A-Za-z0-9_.-]+)")


def split_area(text):
    """The area file as (head, path lines, schema lines): `paths:` and `components:` /
    `schemas:` are its only top-level blocks."""
    lines = text.splitlines()
    paths_at = lines.index("paths:")
    components_at = lines.index("components:")
    assert lines[components_at + 1].strip() == "schemas:", "components holds only schemas"
    head = lines[: paths_at + 1]
    path_lines = lines[paths_at + 1 : components_at]
    schema_lines = lines[components_at + 2 :]
    return head, path_lines, schema_lines


def renamed(lines, copy, own_schemas):
    """One copy of `lines` with copy `copy`'s names."""
    if copy == 1:
        return list(lines)
    suffix = f"S{copy}"

    def ref(match):
        name = match.group(1)
        return match.group(0) + suffix if name in own_schemas else match.group(0)

    out = []
    for line in lines:
        m = PATH_KEY.match(line)
        if m:
            key = m.group(1)
            quote = key[0] if key[0] in "'\"" else ""
            bare = key.strip("'\"")
            line = f"  {quote}/s{copy}{bare}{quote}:{m.group(2)}"
        m = OPERATION_ID.match(line)
        if m:
            line = f"{m.group(1)}{m.group(2)}{suffix}{m.group(3)}"
        m = SCHEMA_KEY.match(line)
        if m and m.group(1) in own_schemas:
            line = f"    {m.group(1)}{suffix}:{m.group(2)}"
        line = SCHEMA_REF.sub(ref, line)
        out.append(line)
    return out


def scale_area(text, copies):
    head, path_lines, schema_lines = split_area(text)
    own = {m.group(1) for m in map(SCHEMA_KEY.match, schema_lines) if m}
    out = list(head)
    for copy in range(1, copies + 1):
        out += renamed(path_lines, copy, own)
    out += ["components:", "  schemas:"]
    for copy in range(1, copies + 1):
        out += renamed(schema_lines, copy, own)
    return "\n".join(out) + "\n"


def short_tool_prefixes(root):
    """The root file with a two-letter MCP tool prefix for each area: the copies' longer
    operation ids still make tool names within the 40 characters that clients allow."""
    out = []
    for line in root.splitlines():
        if line.strip().startswith("x-halopsa-tool-prefix:"):
            continue
        out.append(line)
        m = re.match(r"^  - name: (\S+)", line)
        if m:
            out.append(f"    x-halopsa-tool-prefix: {m.group(1)[:2].lower()}")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, required=True, help="copies of each area's operations")
    parser.add_argument("--out", type=pathlib.Path, required=True, help="the spec directory to write")
    parser.add_argument("--spec", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent.parent / "spec")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    operations = 0
    for source in sorted(args.spec.glob("*.yaml")):
        target = args.out / source.name
        if source.name == "openapi.yaml":
            target.write_text(short_tool_prefixes(source.read_text(encoding="utf-8")), encoding="utf-8")
            continue
        text = scale_area(source.read_text(encoding="utf-8"), args.copies)
        operations += sum(1 for line in text.splitlines() if OPERATION_ID.match(line))
        target.write_text(text, encoding="utf-8")
    print(f"{operations} operations in {args.out}")


if __name__ == "__main__":
    main()
