// The e2e suite's own logic that decides what it asserts: the matrix's axes, and what uv.lock says the app needs.
import { describe, expect, it } from 'vitest';
import { DEPS, PROCESSES, buildable } from './e2e/matrix/generate.js';
import { lockedApp } from './e2e/matrix/uv.js';

describe('the e2e matrix axes', () => {
  it('come from the option table and leave out only the pair the CLI refuses', () => {
    expect(DEPS).toEqual(['pip', 'poetry', 'uv']);
    const pairs = DEPS.flatMap((d) => PROCESSES.map((p) => [d, p] as const));
    expect(pairs.filter(([d, p]) => !buildable(d, p))).toEqual([['uv', 'official-image']]);
  });
});

// A uv.lock in uv's own format (written by uv 0.13 for a project like the generated one, trimmed by hand).
const LOCK = `version = 1
revision = 3
requires-python = ">=3.14"

[[package]]
name = "svc"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "fastapi" },
    { name = "uvicorn", extra = ["standard"] },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

[[package]]
name = "fastapi"
version = "0.163.2"
source = { registry = "http://127.0.0.1/simple/" }
dependencies = [
    { name = "Starlette" },
]

[[package]]
name = "starlette"
version = "0.50.0"
source = { registry = "http://127.0.0.1/simple/" }

[[package]]
name = "uvicorn"
version = "0.54.0"
source = { registry = "http://127.0.0.1/simple/" }
dependencies = [
    { name = "h11" },
]

[package.optional-dependencies]
standard = [
    { name = "colorama", marker = "sys_platform == 'win32'" },
    { name = "httptools" },
    { name = "uvloop", marker = "platform_python_implementation != 'PyPy' and sys_platform != 'win32'" },
]

[[package]]
name = "h11"
version = "0.16.0"
source = { registry = "http://127.0.0.1/simple/" }

[[package]]
name = "httptools"
version = "0.7.1"
source = { registry = "http://127.0.0.1/simple/" }

[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "http://127.0.0.1/simple/" }

[[package]]
name = "uvloop"
version = "0.22.1"
source = { registry = "http://127.0.0.1/simple/" }

[[package]]
name = "pytest"
version = "9.2.0"
source = { registry = "http://127.0.0.1/simple/" }
`;

describe('lockedApp', () => {
  const { versions, required } = lockedApp(LOCK);
  it('reads every locked version, not the project itself', () => {
    expect(versions.get('fastapi')).toBe('0.163.2');
    expect(versions.get('starlette')).toBe('0.50.0');
    expect(versions.has('svc')).toBe(false);
    expect(versions.size).toBe(8);
  });
  it("requires the app's dependencies and their extras' with no marker, not the dev group", () => {
    expect([...required].sort()).toEqual(['fastapi', 'h11', 'httptools', 'starlette', 'uvicorn']);
  });
});
