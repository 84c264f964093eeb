/** parseArgs: every flag shape the option table allows, and the one-line message for each misuse. */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/options/parse-args.js';
import { UsageError } from '../src/options/types.js';

const message = (argv: string[]): string => {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  return 'no error';
};
const DIRECTORY_ACCEPTS = "directory accepts a path whose last part has a letter or digit and starts with neither '-' nor '~' (the project's names are made from it: lowercase, other characters as '-')";

describe('the flags that steer the run', () => {
  it('reads each meta flag, and nothing else, from its own spelling', () => {
    const flags = (argv: string[]) => {
      const p = parseArgs(argv);
      return { dryRun: p.dryRun, yes: p.yes, interactive: p.interactive, help: p.help, version: p.version, preset: p.preset, update: p.update, given: p.given };
    };
    const none = { dryRun: false, yes: false, interactive: undefined, help: false, version: false, preset: undefined, update: false, given: {} };
    expect(flags([])).toEqual(none);
    expect(flags(['--dry-run'])).toEqual({ ...none, dryRun: true });
    expect(flags(['--update'])).toEqual({ ...none, update: true });
    expect(flags(['--yes'])).toEqual({ ...none, yes: true });
    expect(flags(['-y'])).toEqual({ ...none, yes: true });
    expect(flags(['--interactive', '--interactive'])).toEqual({ ...none, interactive: true });
    expect(flags(['--no-interactive'])).toEqual({ ...none, interactive: false });
    expect(flags(['--preset', 'a.yml'])).toEqual({ ...none, preset: 'a.yml' });
    expect(flags(['--preset=--odd.yml'])).toEqual({ ...none, preset: '--odd.yml' });
  });

  it('answers --help and --version before reading anything else, but not after --', () => {
    expect(parseArgs(['--nope', 'a b', '-h']).help).toBe(true);
    expect(parseArgs(['--port', '0', '--help']).help).toBe(true);
    expect(parseArgs(['--nope', '--version']).version).toBe(true);
    expect(parseArgs(['-v']).version).toBe(true);
    expect(parseArgs(['-v']).help).toBe(false);
    expect(message(['--', '--help'])).toBe(`${DIRECTORY_ACCEPTS}; got "--help"`);
    expect(message(['--', '-v'])).toBe(`${DIRECTORY_ACCEPTS}; got "-v"`);
  });

  it('refuses a value on a flag that takes none', () => {
    for (const flag of ['--yes', '--dry-run', '--update', '--interactive', '--no-interactive', '--help', '--proxy', '--no-proxy', '--build']) {
      expect(message([`${flag}=1`])).toBe(`${flag} takes no value`);
    }
  });

  it('refuses --interactive with --no-interactive', () => {
    expect(message(['--interactive', '--no-interactive'])).toBe('--interactive and --no-interactive conflict; give one of them');
    expect(message(['--no-interactive', '--interactive'])).toBe('--interactive and --no-interactive conflict; give one of them');
  });

  it('--preset needs a file, once', () => {
    const needs = '--preset needs a value: the path of a JSON or YAML file';
    for (const argv of [['--preset'], ['--preset='], ['--preset', ''], ['--preset', '--yes'], ['--preset', '--', 'x']]) expect(message(argv), argv.join(' ')).toBe(needs);
    expect(message(['--preset', 'a.yml', '--preset=b.yml'])).toBe('--preset was given twice; give it once');
  });
});

describe('option flags', () => {
  it('takes a value after the flag or after =', () => {
    expect(parseArgs(['--port', '8000']).given).toEqual({ port: 8000 });
    expect(parseArgs(['--port=8000', '--layout=single']).given).toEqual({ port: 8000, layout: 'single' });
    expect(parseArgs(['--forwarded-allow-ips=10.0.0.0/8,::1']).given).toEqual({ forwardedAllowIps: '10.0.0.0/8,::1' });
    expect(parseArgs(['--port', '8000']).spelled).toEqual({ port: '--port' });
  });

  it('needs a value, and does not take the next flag or -- as one', () => {
    const needs = '--port needs a value: it accepts a whole number from 1 to 65535';
    for (const argv of [['--port'], ['--port', '--yes'], ['--port', '--'], ['--port', '--', '8000']]) expect(message(argv), argv.join(' ')).toBe(needs);
    expect(message(['--layout'])).toBe('--layout needs a value: it accepts package, single or bigger');
    expect(message(['--pin'])).toBe('--pin needs a value: it accepts a PEP 508 requirement like "uvicorn>=0.32,<0.33" or "pkg @ https://…"');
    expect(message(['--proxy', '--forwarded-allow-ips'])).toBe(
      "--forwarded-allow-ips needs a value: it accepts '*' alone, or a comma-separated list of IP addresses and networks, like 10.0.0.0/8,127.0.0.1",
    );
    expect(message(['--port', '-'])).toBe('--port accepts a whole number from 1 to 65535; got "-"');
    expect(message(['--port='])).toBe('--port needs a value: it accepts a whole number from 1 to 65535; --no-port clears a value from the answers file or a preset');
  });

  it('sets a boolean with --flag and clears it with --no-flag, once', () => {
    expect(parseArgs(['--proxy']).given).toEqual({ proxy: true });
    expect(parseArgs(['--no-proxy', '--no-build']).given).toEqual({ proxy: false, build: false });
    expect(parseArgs(['--no-proxy']).spelled).toEqual({ proxy: '--no-proxy' });
    expect(message(['--proxy', '--proxy'])).toBe('--proxy was given twice; give it once');
    expect(message(['--no-proxy', '--proxy'])).toBe('--no-proxy and --proxy conflict; give one of them');
  });

  it('has a --no- form of every option flag, and of no other', () => {
    expect(parseArgs(['--no-port']).cleared).toEqual(new Set(['port']));
    expect(message(['--no-port', '--no-port'])).toBe('--no-port was given twice; give it once');
    expect(message(['--no-yes'])).toBe('unknown flag --no-yes; run with --help to see the flags');
    expect(message(['--no-directory'])).toBe('unknown flag --no-directory; run with --help to see the flags');
    expect(message(['--yes-proxy'])).toBe('unknown flag --yes-proxy; run with --help to see the flags');
  });

  it('repeats only list flags', () => {
    expect(parseArgs(['--pin', 'a', '--pin=b>=1']).given.pins?.map((p) => p.name)).toEqual(['a', 'b']);
    expect(message(['--layout=single', '--layout', 'package'])).toBe('--layout was given twice; give it once');
  });

  it('quotes an unknown flag only when it holds something odd', () => {
    expect(message(['-x'])).toBe('unknown flag -x; run with --help to see the flags');
    expect(message(['--Port2-x'])).toBe('unknown flag --Port2-x; run with --help to see the flags');
    expect(message(['--a=b'])).toBe('unknown flag --a; run with --help to see the flags');
    expect(message(['--[directory]'])).toBe('unknown flag "--[directory]"; run with --help to see the flags');
    expect(message(['--fo\no'])).toBe('unknown flag "--fo\\no"; run with --help to see the flags');
    expect(message(['-y=1'])).toBe('unknown flag "-y=1"; run with --help to see the flags');
    expect(message(['--x_y'])).toBe('unknown flag "--x_y"; run with --help to see the flags');
    expect(message(['---x'])).toBe('unknown flag "---x"; run with --help to see the flags');
  });
});

describe('the directory', () => {
  it('is the one argument that is no flag, or everything after --', () => {
    expect(parseArgs(['svc', '--yes']).given).toEqual({ directory: 'svc' });
    expect(parseArgs(['--yes', '--', 'svc']).given).toEqual({ directory: 'svc' });
    expect(parseArgs(['--', '-a/svc']).given).toEqual({ directory: '-a/svc' });
    expect(message(['-a/svc'])).toBe('unknown flag "-a/svc"; run with --help to see the flags');
    expect(parseArgs(['--yes', '--']).given).toEqual({});
  });

  it('is given once', () => {
    expect(message(['a', 'b'])).toBe('only one directory can be given; got "a" and "b"');
    expect(message(['--', 'a', '--'])).toBe('only one directory can be given; got "a" and "--"');
    expect(message(['-', 'x'])).toBe(`${DIRECTORY_ACCEPTS}; got "-"`);
  });
});
