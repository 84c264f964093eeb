"""Reads requirements files with pip's own requirements-file parser and packaging's PEP 508 parser.

Usage: python3 parse_requirements.py FILE... ; prints JSON, one entry per file: every logical line pip sees,
as {"requirement": {...}} or {"options": {...}}, or {"error": "..."} when pip or packaging refuses the file.
Used by the property tests: what we write must read back as exactly what we meant, with no line lost.
"""
import json
import sys

from pip._internal.network.session import PipSession
from pip._internal.req.req_file import RequirementsFileParser, get_line_parser
from pip._vendor.packaging.requirements import Requirement


def requirement(text):
    r = Requirement(text)
    return {
        "name": r.name,
        "extras": sorted(r.extras),
        "specifier": sorted(str(s) for s in r.specifier),
        "url": r.url,
        "marker": str(r.marker) if r.marker else None,
    }


def read(path):
    parser = RequirementsFileParser(PipSession(), get_line_parser(None))
    lines = []
    for line in parser.parse(path, constraint=False):
        if line.is_requirement:
            lines.append({"requirement": requirement(line.requirement), "file": line.filename})
        else:
            opts = {k: v for k, v in vars(line.opts).items() if isinstance(v, (str, list)) and v}
            lines.append({"options": opts, "file": line.filename})
    return lines


out = []
for path in sys.argv[1:]:
    try:
        if path.endswith(".pep508"):
            with open(path) as f:
                out.append({"path": path, "lines": [{"requirement": requirement(t)} for t in json.load(f)]})
        else:
            out.append({"path": path, "lines": read(path)})
    except Exception as error:  # noqa: BLE001 - every refusal is a finding for the test
        out.append({"path": path, "error": f"{type(error).__name__}: {error}"})
print(json.dumps(out))
