"""Builds tiny wheels and a static PEP 503 index of them, for tests that run a real resolver offline.

usage: tiny_index.py DIR 'name==version[;Requires-Dist: req][;Provides-Extra: x]' ...
Each wheel holds one empty module and the metadata named; DIR/simple/<name>/index.html links it with its sha256.
A test-only stand-in: these are not the real distributions.
"""
import base64
import hashlib
import io
import os
import re
import sys
import zipfile


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel(out, spec):
    head, *fields = spec.split(";")
    name, version = head.split("==")
    dist = re.sub(r"[-_.]+", "_", name)
    info = f"{dist}-{version}.dist-info"
    files = {
        f"{dist}/__init__.py": f'__version__ = "{version}"\n',
        f"{info}/METADATA": "".join(
            [f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"] + [f"{f.strip()}\n" for f in fields]
        ),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: tiny_index\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for path, text in files.items():
            data = text.encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(data)}")
            z.writestr(path, data)
        record.append(f"{info}/RECORD,,")
        z.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    filename = f"{dist}-{version}-py3-none-any.whl"
    directory = os.path.join(out, "simple", normalize(name))
    os.makedirs(directory, exist_ok=True)
    data = buffer.getvalue()
    with open(os.path.join(directory, filename), "wb") as f:
        f.write(data)
    return normalize(name), filename, hashlib.sha256(data).hexdigest()


def main(out, specs):
    links = {}
    for spec in specs:
        name, filename, sha = wheel(out, spec)
        links.setdefault(name, []).append(f'<a href="{filename}#sha256={sha}">{filename}</a><br/>')
    for name, items in links.items():
        with open(os.path.join(out, "simple", name, "index.html"), "w") as f:
            f.write("<!DOCTYPE html><html><body>\n" + "\n".join(items) + "\n</body></html>\n")
    with open(os.path.join(out, "simple", "index.html"), "w") as f:
        f.write("".join(f'<a href="{n}/">{n}</a><br/>\n' for n in links))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
