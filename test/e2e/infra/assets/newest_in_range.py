"""For each requirement given, the newest version among DIR's wheel files that its specifier allows.

Independent of the code under test: the wheel file names in the index and PyPA's `packaging` decide.
    python3 newest_in_range.py DIR 'fastapi>=0.163,<0.164' ...   ->   {"fastapi": "0.163.2", ...}
"""

import json
import os
import sys

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename
except ImportError:  # a bare Python: pip carries packaging
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename


def main(root, requirements):
    versions = {}
    for name in os.listdir(os.path.join(root, "wheels")):
        if name.endswith(".whl"):
            project, version, _, _ = parse_wheel_filename(name)
            versions.setdefault(canonicalize_name(project), set()).add(version)
    out = {}
    for text in requirements:
        req = Requirement(text)
        allowed = list(req.specifier.filter(versions.get(canonicalize_name(req.name), ()), prereleases=False))
        out[canonicalize_name(req.name)] = str(max(allowed)) if allowed else None
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
