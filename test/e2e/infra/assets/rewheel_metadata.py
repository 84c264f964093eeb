"""Metadata helpers for rewheel.py: names, hashes, and requirements recovered from what Debian keeps."""
import base64
import hashlib
import os
import re
import subprocess


DIST = "/usr/lib/python3/dist-packages"
DPKG_INFO = "/var/lib/dpkg/info"
# Distributions that have no requirements upstream, though their Debian package has Depends.
NO_DEPENDENCIES = {"pip"}
GENERATOR = "create-fastapi-docker e2e rewheel (Debian dist-packages)"


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_name(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def sha256_b64(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def read_metadata_text(path):
    if os.path.isdir(path):
        for f in ("METADATA", "PKG-INFO"):
            p = os.path.join(path, f)
            if os.path.exists(p):
                with open(p, encoding="utf-8", errors="replace") as fh:
                    return fh.read()
        return None
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def split_metadata(text):
    """Headers as a list of (key, value) and the body (description)."""
    if "\n\n" in text:
        head, body = text.split("\n\n", 1)
    else:
        head, body = text, ""
    headers = []
    for line in head.split("\n"):
        if line.startswith((" ", "\t")) and headers:
            k, v = headers[-1]
            headers[-1] = (k, v + "\n" + line)
        elif ":" in line:
            k, v = line.split(":", 1)
            headers.append((k.strip(), v.strip()))
    return headers, body


DIRECT_REF = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*@\s*[^\s;]+\s*(;.*)?$")


def strip_direct_reference(req):
    """'poetry-core @ git+https://... ; marker' -> 'poetry-core ; marker' (one requirement, no line crossing)."""
    m = DIRECT_REF.match(req.strip())
    if not m:
        return req
    name, extras, marker = m.group(1), m.group(2) or "", m.group(3)
    return f"{name}{extras}" + (f" {marker}" if marker else "")


def requires_txt_to_requires_dist(text):
    """Convert egg-info requires.txt ([extra], [:marker], [extra:marker] sections)."""
    out = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        markers = []
        if section:
            extra, _, marker = section.partition(":")
            if marker:
                markers.append(f"({marker})" if " or " in marker else marker)
            if extra:
                markers.append(f'extra == "{extra}"')
        req, _, own_marker = line.partition(";")
        if own_marker.strip():
            markers.insert(0, f"({own_marker.strip()})")
        out.append(req.strip() + (" ; " + " and ".join(markers) if markers else ""))
    return out


# ---------------------------------------------------------------- dpkg data

def dpkg_lists():
    """Debian package -> list of files it installed."""
    files = {}
    for f in os.listdir(DPKG_INFO):
        if f.endswith(".list"):
            pkg = f[: -len(".list")].split(":")[0]
            with open(os.path.join(DPKG_INFO, f), encoding="utf-8", errors="replace") as fh:
                files[pkg] = [line.rstrip("\n") for line in fh if line.strip()]
    return files


def dpkg_depends():
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Depends}\t${Pre-Depends}\n"],
        check=True, capture_output=True, text=True,
    ).stdout
    deps = {}
    for line in out.splitlines():
        pkg, dep, pre = (line.split("\t") + ["", ""])[:3]
        alts = []
        for clause in ",".join(x for x in (dep, pre) if x).split(","):
            clause = clause.strip()
            if not clause:
                continue
            alts.append([re.split(r"[\s(:]", a.strip(), maxsplit=1)[0] for a in clause.split("|")])
        deps[pkg] = alts
    return deps


def relax_to_shipped(req, shipped):
    """'poetry-core (==2.3.2)' -> 'poetry-core==2.3.1' when Debian ships 2.3.1 and the pin excludes it; else unchanged."""
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:  # no packaging in this root: leave requirements as they are
        return req
    try:
        parsed = Requirement(req)
    except InvalidRequirement:
        return req
    version = shipped.get(normalize(parsed.name))
    if version is None or not parsed.specifier or parsed.specifier.contains(version, prereleases=True):
        return req
    extras = f"[{','.join(sorted(parsed.extras))}]" if parsed.extras else ""
    return f"{parsed.name}{extras}=={version}" + (f" ; {parsed.marker}" if parsed.marker else "")


def external_libraries(files, owners, exclude):
    """Debian packages (other than libc6 and the wheel's own) that own the shared libraries its .so files link."""
    sos = [f for f in files if f.endswith(".so") or ".so." in os.path.basename(f)]
    if not sos:
        return []
    owner_of = {}
    for pkg, paths in owners.items():
        for p in paths:
            owner_of[p] = pkg
    needed = set()
    for so in sos:
        out = subprocess.run(["ldd", so], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split("=>")
            lib = parts[1].split("(")[0].strip() if len(parts) == 2 else ""
            if lib.startswith("/"):
                real = os.path.realpath(lib)
                pkg = owner_of.get(real) or owner_of.get(lib) or owner_of.get("/usr" + real) or owner_of.get(real.replace("/usr/lib/", "/lib/", 1))
                if pkg and pkg not in exclude and pkg != "libc6":
                    needed.add(pkg)
    return sorted(needed)


# ---------------------------------------------------------------- the work

def meta_extras(path):
    """Files worth carrying into the new dist-info (entry points, top_level, licenses)."""
    out = {}
    if not os.path.isdir(path):
        return out
    for f in os.listdir(path):
        p = os.path.join(path, f)
        if f in ("entry_points.txt", "top_level.txt") or (f.upper().startswith(("LICENSE", "COPYING", "NOTICE", "AUTHORS")) and os.path.isfile(p)):
            with open(p, "rb") as fh:
                out[f] = fh.read()
    return out
