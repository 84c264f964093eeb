"""What a lock for every platform needs that DIR's wheels lack: prints JSON [[platform, requirement], ...].

pip download evaluates environment markers for the machine it runs on (here Linux, the host's Python), whatever
--platform says, so it never fetches what only Windows or macOS install (colorama through click, pywin32-ctypes
through keyring, xattr through Poetry...) nor what only the target Python needs. This walks the requirements of
the roots given and of every wheel in DIR, evaluating each marker as CPython X.Y on Linux, Windows and macOS
would, and prints the requirements that no wheel in DIR satisfies. Run again after fetching them, until it prints [].

    python3 missing_for_platforms.py DIR 3.14 'fastapi>=0.163,<0.164' ...
"""

import json
import os
import sys
import zipfile
from email.parser import Parser

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename
except ImportError:  # a bare Python: pip carries packaging
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename

PLATFORMS = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"},
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
    "macos": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix", "platform_machine": "arm64"},
}


def environment(platform, python):
    env = {"python_version": python, "python_full_version": f"{python}.0", "implementation_name": "cpython",
           "platform_python_implementation": "CPython", "implementation_version": f"{python}.0",
           "platform_release": "", "platform_version": ""}
    env.update(PLATFORMS[platform])
    return env


def read_index(wheels):
    """name -> {version: [Requires-Dist lines]}"""
    index = {}
    for name in os.listdir(wheels):
        if not name.endswith(".whl"):
            continue
        project, version, _, _ = parse_wheel_filename(name)
        with zipfile.ZipFile(os.path.join(wheels, name)) as wheel:
            member = next(m for m in wheel.namelist() if m.count("/") == 1 and m.endswith(".dist-info/METADATA"))
            headers = Parser().parsestr(wheel.read(member).decode("utf-8", "replace"), headersonly=True)
        index.setdefault(canonicalize_name(project), {})[version] = headers.get_all("Requires-Dist") or []
    return index


def applies(req, env, extras):
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**env, "extra": extra}) for extra in (extras or {""}))


def main(root, python, roots):
    index = read_index(os.path.join(root, "wheels"))
    missing = set()
    for platform in PLATFORMS:
        env = environment(platform, python)
        todo = [(Requirement(r), frozenset()) for r in roots]
        seen = set()
        while todo:
            req, parent_extras = todo.pop()
            if not applies(req, env, parent_extras):
                continue
            name = canonicalize_name(req.name)
            versions = [v for v in index.get(name, {}) if req.specifier.contains(v, prereleases=True)]
            if not versions:
                missing.add((platform, str(Requirement(f"{req.name}{req.specifier}"))))
                continue
            key = (name, frozenset(req.extras))
            if key in seen:
                continue
            seen.add(key)
            for line in index[name][max(versions)]:
                todo.append((Requirement(line), frozenset(req.extras)))
    print(json.dumps(sorted(missing)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
