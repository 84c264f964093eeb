#!/usr/bin/env python3
"""Rebuild the Python distributions that Debian installed in /usr/lib/python3/dist-packages
as wheels, and lay them out as a static PEP 503 index. Test infrastructure only.

Runs inside a Debian root (chroot) with that root's python3:

    python3 rewheel.py OUTDIR [--add-project DIR]...

OUTDIR gets wheels/*.whl (+ PEP 658 .metadata files), simple/index.html and
simple/<name>/index.html, and report.json. --add-project DIR packs DIR (a METADATA file
plus package files) as one more pure-Python wheel (used for test-only stand-ins).

Debian strips what a wheel needs, so this puts it back:
- RECORD and WHEEL are written anew; a wheel with compiled extensions is tagged for the CPython
  versions its .so files were built for (cp314-cp314-linux_x86_64, or abi3), not for any Python;
- a compiled wheel names the Debian packages of the shared libraries its .so files link
  (Requires-External: libllhttp9.4, libuv1t64...): real wheels bundle them, Debian's builds do not;
- a requirement that pins a version Debian does not ship (poetry 2.3.4 asks poetry-core==2.3.2, Debian
  ships 2.3.1 and runs it) is rewritten to the shipped version, and reported;
- egg-info requires.txt is turned into Requires-Dist (with extras and markers);
- where the metadata has no requirements at all, they are derived from the Debian Depends;
- direct references ("name @ git+https://...") are stripped to the plain name;
- files of a Debian package that has no metadata of its own (python3-cffi-backend's
  _cffi_backend) go into the wheel of the one distribution whose package depends on it.
"""
import hashlib
import json
import os
import re
import sys
import sysconfig
import zipfile

from rewheel_metadata import (  # noqa: E402  (a sibling file in assets/)
    DIST,
    GENERATOR,
    NO_DEPENDENCIES,
    dpkg_depends,
    dpkg_lists,
    external_libraries,
    relax_to_shipped,
    meta_extras,
    normalize,
    read_metadata_text,
    requires_txt_to_requires_dist,
    sha256_b64,
    split_metadata,
    strip_direct_reference,
    wheel_name,
)


def main():
    args = sys.argv[1:]
    outdir = args.pop(0)
    extra_projects = []
    while args:
        flag = args.pop(0)
        if flag == "--add-project":
            extra_projects.append(args.pop(0))
        else:
            sys.exit(f"unknown argument {flag}")

    pyver = f"cp{sys.version_info.major}{sys.version_info.minor}"
    arch = sysconfig.get_platform().replace("-", "_").replace(".", "_")  # linux_x86_64
    binary_tag = (pyver, arch)

    owners = dpkg_lists()
    depends = dpkg_depends()

    # distribution metadata entries in dist-packages, and who owns what
    meta_entries = sorted(e for e in os.listdir(DIST) if e.endswith((".dist-info", ".egg-info")))
    file_owner = {}
    for pkg, files in owners.items():
        for f in files:
            if f.startswith(DIST + "/"):
                file_owner[f] = pkg

    dists = {}  # key: meta entry
    pkg_dists = {}  # debian package -> [meta entries]
    for entry in meta_entries:
        path = os.path.join(DIST, entry)
        probe = path if not os.path.isdir(path) else next(
            (os.path.join(path, f) for f in ("METADATA", "PKG-INFO") if os.path.exists(os.path.join(path, f))), path)
        pkg = file_owner.get(probe) or file_owner.get(path)
        if not pkg:
            print(f"warning: {entry} is owned by no Debian package; skipped", file=sys.stderr)
            continue
        text = read_metadata_text(path)
        if text is None:
            print(f"warning: {entry} has no metadata; skipped", file=sys.stderr)
            continue
        headers, body = split_metadata(text)
        name = next((v for k, v in headers if k.lower() == "name"), None)
        version = next((v for k, v in headers if k.lower() == "version"), None)
        if not name or not version:
            print(f"warning: {entry} lacks Name/Version; skipped", file=sys.stderr)
            continue
        dists[entry] = {"entry": entry, "path": path, "pkg": pkg, "name": name, "version": version,
                        "headers": headers, "body": body}
        pkg_dists.setdefault(pkg, []).append(entry)

    # Debian package -> distribution name, for deriving requirements from Depends
    pkg_to_name = {pkg: dists[entries[0]]["name"] for pkg, entries in pkg_dists.items()}

    # orphans: packages with files in dist-packages but no metadata of their own
    orphan_files = {}
    for pkg, files in owners.items():
        if pkg in pkg_dists:
            continue
        mine = [f for f in files if f.startswith(DIST + "/") and os.path.isfile(f)]
        if mine:
            orphan_files[pkg] = mine
    merged_orphans = {}
    for opkg, ofiles in orphan_files.items():
        takers = [p for p in pkg_dists if any(opkg in alt for alt in depends.get(p, []))]
        if len(takers) == 1:
            merged_orphans.setdefault(takers[0], []).extend(ofiles)
        else:
            print(f"warning: files of {opkg} ({len(ofiles)}) go into no wheel (dependents: {takers})", file=sys.stderr)

    wheels_dir = os.path.join(outdir, "wheels")
    os.makedirs(wheels_dir, exist_ok=True)
    report = {"wheels": [], "derived_requirements": {}, "stripped_direct_references": {}, "merged": {},
              "relaxed": {}, "requires_external": {}}
    shipped = {normalize(d["name"]): d["version"] for d in dists.values()}

    def top_levels_of(d):
        p = os.path.join(d["path"], "top_level.txt") if os.path.isdir(d["path"]) else None
        if p and os.path.exists(p):
            with open(p) as fh:
                return {x.strip() for x in fh if x.strip()}
        return None

    for entry, d in sorted(dists.items()):
        pkg = d["pkg"]
        siblings = pkg_dists[pkg]
        files = [f for f in owners[pkg] if f.startswith(DIST + "/") and os.path.isfile(f)]
        files += merged_orphans.get(pkg, [])
        if pkg in merged_orphans:
            report["merged"][d["name"]] = sorted({file_owner[f] for f in merged_orphans[pkg]})
        # drop every original metadata dir; ours is written anew
        files = [f for f in files if not f[len(DIST) + 1:].split("/")[0].endswith((".dist-info", ".egg-info"))]
        if len(siblings) > 1:
            # one Debian package, several distributions: split by top_level.txt
            tops = top_levels_of(d)
            if tops is None:
                print(f"warning: {entry} shares {pkg} with {siblings} and has no top_level.txt", file=sys.stderr)
            else:
                files = [f for f in files if re.split(r"[/.]", f[len(DIST) + 1:])[0] in tops
                         or f[len(DIST) + 1:].split("/")[0].split(".")[0] in tops]

        # metadata
        headers = [(k, v) for k, v in d["headers"]]
        reqs = [v for k, v in headers if k.lower() == "requires-dist"]
        headers = [(k, v) for k, v in headers if k.lower() != "requires-dist"]
        if not reqs and os.path.isdir(d["path"]) and os.path.exists(os.path.join(d["path"], "requires.txt")):
            with open(os.path.join(d["path"], "requires.txt")) as fh:
                reqs = requires_txt_to_requires_dist(fh.read())
        if not reqs and normalize(d["name"]) not in NO_DEPENDENCIES:
            derived = []
            for alts in depends.get(pkg, []):
                for a in alts:
                    if a in pkg_to_name and pkg_to_name[a] != d["name"]:
                        derived.append(pkg_to_name[a])
                        break
            if derived:
                reqs = sorted(set(derived))
                report["derived_requirements"][d["name"]] = reqs
        new_reqs = []
        for r in reqs:
            s = strip_direct_reference(r)
            if s != r:
                report["stripped_direct_references"].setdefault(d["name"], []).append(r)
            relaxed = relax_to_shipped(s, shipped)
            if relaxed != s:
                report["relaxed"].setdefault(d["name"], []).append(f"{s} -> {relaxed}")
            new_reqs.append(relaxed)
        external = external_libraries(files, owners, exclude={pkg})
        if external:
            report["requires_external"][d["name"]] = external
        # Metadata-Version first, then the rest, then Requires-Dist
        mv = next((v for k, v in headers if k.lower() == "metadata-version"), "2.1")
        if mv in ("1.0", "1.1", "1.2"):
            mv = "2.1"
        headers = [(k, v) for k, v in headers if k.lower() != "metadata-version"]
        headers = [(k, v) for k, v in headers if k.lower() != "requires-external"]
        lines = ([f"Metadata-Version: {mv}"] + [f"{k}: {v}" for k, v in headers] + [f"Requires-Dist: {r}" for r in new_reqs]
                 + [f"Requires-External: {x}" for x in external])
        metadata = "\n".join(lines) + "\n\n" + d["body"]
        add_wheel(wheels_dir, d["name"], d["version"], files, DIST, metadata,
                  extra_meta=meta_extras(d["path"]), binary_tag=binary_tag, report=report)

    for proj in extra_projects:
        with open(os.path.join(proj, "METADATA"), encoding="utf-8") as fh:
            metadata = fh.read()
        headers, _ = split_metadata(metadata)
        name = next(v for k, v in headers if k.lower() == "name")
        version = next(v for k, v in headers if k.lower() == "version")
        files = []
        for root, dirnames, filenames in os.walk(proj):
            dirnames[:] = [x for x in dirnames if x != "__pycache__"]
            files += [os.path.join(root, f) for f in filenames if f != "METADATA"]
        add_wheel(wheels_dir, name, version, sorted(files), proj, metadata, extra_meta={},
                  binary_tag=binary_tag, report=report)

    write_simple_index(outdir, report)
    with open(os.path.join(outdir, "report.json"), "w") as fh:
        json.dump(report, fh, indent=1, sort_keys=True)


SO_TAG = re.compile(r"\.(?:cpython-(\d)(\d+)|(abi3))[-.]")


def wheel_tags(files, binary_tag):
    """(file name tag, WHEEL Tag lines): from the .so files' own suffixes, else pure Python."""
    sos = [os.path.basename(f) for f in files if f.endswith(".so") or ".so." in os.path.basename(f)]
    if not sos:
        return "py3-none-any", ["py3-none-any"]
    pyver, arch = binary_tag
    found = [SO_TAG.search(so) for so in sos]
    versions = sorted({f"cp{m.group(1)}{m.group(2)}" for m in found if m and m.group(1)})
    if versions:
        return f"{'.'.join(versions)}-{'.'.join(versions)}-{arch}", [f"{v}-{v}-{arch}" for v in versions]
    if any(m and m.group(3) for m in found):
        return f"{pyver}-abi3-{arch}", [f"{pyver}-abi3-{arch}"]
    return f"{pyver}-{pyver}-{arch}", [f"{pyver}-{pyver}-{arch}"]


def add_wheel(wheels_dir, name, version, files, base, metadata, extra_meta, binary_tag, report):
    tag, tag_lines = wheel_tags(files, binary_tag)
    is_binary = tag != "py3-none-any"
    wname = wheel_name(name)
    distinfo = f"{wname}-{version}.dist-info"
    filename = f"{wname}-{version.replace('-', '_')}-{tag}.whl"
    record = []
    out = os.path.join(wheels_dir, filename)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        def put(arc, data, mode=0o644):
            zi = zipfile.ZipInfo(arc, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = (0o100000 | mode) << 16
            zf.writestr(zi, data)
            record.append(f"{arc},sha256={sha256_b64(data)},{len(data)}")

        for f in sorted(set(files)):
            rel = os.path.relpath(f, base)
            if "__pycache__" in rel.split(os.sep) or rel.endswith(".pyc"):
                continue
            try:
                with open(f, "rb") as fh:  # follows symlinks; a dangling one is skipped
                    data = fh.read()
            except OSError:
                print(f"warning: {name}: cannot read {f}; skipped", file=sys.stderr)
                continue
            mode = 0o755 if os.access(f, os.X_OK) else 0o644
            put(rel, data, mode)
        put(f"{distinfo}/METADATA", metadata.encode("utf-8"))
        tags = "".join(f"Tag: {t}\n" for t in tag_lines)
        wheel = f"Wheel-Version: 1.0\nGenerator: {GENERATOR}\nRoot-Is-Purelib: {'false' if is_binary else 'true'}\n{tags}"
        put(f"{distinfo}/WHEEL", wheel.encode())
        for f, data in sorted(extra_meta.items()):
            put(f"{distinfo}/{f}", data)
        record.append(f"{distinfo}/RECORD,,")
        rec = ("\n".join(record) + "\n").encode()
        zi = zipfile.ZipInfo(f"{distinfo}/RECORD", date_time=(2020, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = 0o100644 << 16
        zf.writestr(zi, rec)
    with open(out + ".metadata", "wb") as fh:
        fh.write(metadata.encode("utf-8"))
    report["wheels"].append({"name": name, "version": version, "file": filename, "tag": tag})


def write_simple_index(outdir, report):
    simple = os.path.join(outdir, "simple")
    by_name = {}
    for w in report["wheels"]:
        by_name.setdefault(normalize(w["name"]), []).append(w)
    os.makedirs(simple, exist_ok=True)
    root_links = []
    for n in sorted(by_name):
        os.makedirs(os.path.join(simple, n), exist_ok=True)
        links = []
        for w in by_name[n]:
            path = os.path.join(outdir, "wheels", w["file"])
            with open(path, "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
            with open(path + ".metadata", "rb") as fh:
                mdigest = hashlib.sha256(fh.read()).hexdigest()
            w["sha256"] = digest
            links.append(
                f'<a href="../../wheels/{w["file"]}#sha256={digest}" '
                f'data-dist-info-metadata="sha256={mdigest}" data-core-metadata="sha256={mdigest}">{w["file"]}</a><br/>')
        with open(os.path.join(simple, n, "index.html"), "w") as fh:
            fh.write(f"<!DOCTYPE html>\n<html><head><title>Links for {n}</title></head><body>\n<h1>Links for {n}</h1>\n"
                     + "\n".join(links) + "\n</body></html>\n")
        root_links.append(f'<a href="{n}/">{n}</a><br/>')
    with open(os.path.join(simple, "index.html"), "w") as fh:
        fh.write("<!DOCTYPE html>\n<html><head><title>Simple index</title></head><body>\n" + "\n".join(root_links) + "\n</body></html>\n")


if __name__ == "__main__":
    main()
