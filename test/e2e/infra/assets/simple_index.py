"""Write a static PEP 503 index over DIR/wheels/*.whl: DIR/simple/index.html and DIR/simple/<name>/index.html.

Each link carries the file's sha256, its Requires-Python (PEP 503 data-requires-python) and, as PEP 658/714 allow,
the wheel's METADATA beside it (<file>.metadata), so that pip, Poetry and uv read a wheel's requirements without
fetching it. Prints the wheel file names as JSON.
"""

import hashlib
import html
import json
import os
import sys
import zipfile
from email.parser import Parser

try:
    from packaging.utils import canonicalize_name, parse_wheel_filename
except ImportError:  # a bare Python: pip carries packaging
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def main(root):
    wheels = os.path.join(root, "wheels")
    simple = os.path.join(root, "simple")
    projects = {}
    for name in sorted(os.listdir(wheels)):
        if not name.endswith(".whl"):
            continue
        project = canonicalize_name(parse_wheel_filename(name)[0])
        path = os.path.join(wheels, name)
        with open(path, "rb") as fh:
            digest = sha256(fh.read())
        with zipfile.ZipFile(path) as wheel:
            member = next(m for m in wheel.namelist() if m.count("/") == 1 and m.endswith(".dist-info/METADATA"))
            metadata = wheel.read(member)
        with open(path + ".metadata", "wb") as fh:
            fh.write(metadata)
        requires_python = Parser().parsestr(metadata.decode("utf-8", "replace"), headersonly=True).get("Requires-Python")
        projects.setdefault(project, []).append((name, digest, sha256(metadata), requires_python))
    os.makedirs(simple, exist_ok=True)
    for project, files in projects.items():
        os.makedirs(os.path.join(simple, project), exist_ok=True)
        links = []
        for name, digest, meta, requires_python in files:
            attrs = f' data-dist-info-metadata="sha256={meta}" data-core-metadata="sha256={meta}"'
            if requires_python:
                attrs += f' data-requires-python="{html.escape(requires_python)}"'
            links.append(f'<a href="../../wheels/{name}#sha256={digest}"{attrs}>{name}</a><br/>')
        with open(os.path.join(simple, project, "index.html"), "w") as fh:
            fh.write(f"<!DOCTYPE html>\n<html><body>\n{chr(10).join(links)}\n</body></html>\n")
    with open(os.path.join(simple, "index.html"), "w") as fh:
        body = "\n".join(f'<a href="{p}/">{p}</a><br/>' for p in sorted(projects))
        fh.write(f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n")
    print(json.dumps(sorted(n for files in projects.values() for n, *_ in files)))


if __name__ == "__main__":
    main(sys.argv[1])
