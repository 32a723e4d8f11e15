#!/usr/bin/env python3
"""Inserts a public memberwise initializer into Swift structs marked `// memberwise`.

Properties with a default (`var x: T = v`) become defaulted parameters; optionals default to nil.
Run on a file; it rewrites the marker line in place with the generated initializer."""
import re, sys

for path in sys.argv[1:]:
    src = open(path).read().split("\n")
    out = []
    props = []
    for line in src:
        m = re.match(r"\s*(?:public )?(?:var|let) (\w+): ([^=]+?)(?: = (.+))?$", line)
        if line.strip().startswith("public struct") or line.strip().startswith("struct"):
            props = []
        if m and "{" not in line and "(" not in m.group(2):
            props.append((m.group(1), m.group(2).strip(), m.group(3)))
        if line.strip() == "// memberwise":
            indent = line[: len(line) - len(line.lstrip())]
            params = []
            for name, typ, default in props:
                if default is not None:
                    params.append(f"{name}: {typ} = {default}")
                elif typ.endswith("?"):
                    params.append(f"{name}: {typ} = nil")
                else:
                    params.append(f"{name}: {typ}")
            out.append(f"{indent}public init(")
            for i, p in enumerate(params):
                out.append(f"{indent}    {p}{',' if i < len(params) - 1 else ''}")
            out.append(f"{indent}) {{")
            for name, _, _ in props:
                out.append(f"{indent}    self.{name} = {name}")
            out.append(f"{indent}}}")
            continue
        out.append(line)
    open(path, "w").write("\n".join(out))
