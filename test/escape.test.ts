/** The escaping layer: for each format, what is written bare, what is quoted, and what is refused (and how). */
import { describe, expect, it } from 'vitest';
import { caddyToken, commentText, dockerWord, envValue, execForm, imageRef, shellCommand, shellWord } from '../src/render/escape.js';

const refusal = (write: () => string): string => {
  try {
    return `written as ${write()}`;
  } catch (error) {
    expect((error as Error).name).toBe('EscapeError');
    return (error as Error).message;
  }
};

describe('shellWord and shellCommand', () => {
  it('writes a word of literal characters bare', () => {
    for (const word of ['docker', 'a_b@c%d+e=f:g,h./-i', 'team/api:1.0', '8000:8000']) expect(shellWord(word)).toBe(word);
  });

  it('single-quotes anything else, a quote inside as \'\\\'\'', () => {
    expect(shellWord('')).toBe("''");
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('$HOME')).toBe("'$HOME'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('x;rm -rf /')).toBe("'x;rm -rf /'");
    expect(shellWord('*')).toBe("'*'");
  });

  it('refuses a control character', () => {
    expect(refusal(() => shellWord('a\nb'))).toBe('a control character cannot go into a shell word: "a\\nb"');
    expect(refusal(() => shellWord('a\u007f'))).toBe('a control character cannot go into a shell word: "a\u007f"');
    expect(refusal(() => shellWord('a\u001fb'))).toBe('a control character cannot go into a shell word: "a\\u001fb"');
  });

  it('joins the words of a command with spaces', () => {
    expect(shellCommand(['docker', 'run', '--name', "o'k", 'a b'])).toBe("docker run --name 'o'\\''k' 'a b'");
    expect(shellCommand([])).toBe('');
  });
});

describe('execForm', () => {
  it('writes a JSON array, each argument a JSON string', () => {
    expect(execForm(['uvicorn', 'app.main:app', '--port', '80'])).toBe('["uvicorn", "app.main:app", "--port", "80"]');
    expect(execForm(['a "b"', '$x', 'c\\d'])).toBe('["a \\"b\\"", "$x", "c\\\\d"]');
    expect(execForm([])).toBe('[]');
  });

  it('refuses a control character in any argument', () => {
    expect(refusal(() => execForm(['ok', 'a\tb']))).toBe('a control character cannot go into an exec-form argument: "a\\tb"');
  });
});

describe('envValue', () => {
  it('writes a plain value bare and an empty one as ""', () => {
    expect(envValue('127.0.0.1,::1,10.0.0.0/8,*')).toBe('127.0.0.1,::1,10.0.0.0/8,*');
    expect(envValue('A_b-c')).toBe('A_b-c');
    expect(envValue('')).toBe('""');
  });

  it('refuses anything Docker would expand or read as quotes, wherever it stands', () => {
    for (const value of ['$HOME', 'a b', ' a', 'a ', 'a"', "'a", 'a=b', 'a\nb']) {
      expect(refusal(() => envValue(value)), value).toBe(`not a plain ENV value: ${JSON.stringify(value)}`);
    }
  });
});

describe('dockerWord', () => {
  it('writes plain characters and the glob star bare', () => {
    expect(dockerWord('app/*.py')).toBe('app/*.py');
    expect(dockerWord('--from=builder')).toBe('--from=builder');
    expect(dockerWord('a:b,c')).toBe('a:b,c');
  });

  it('refuses anything else, wherever it stands', () => {
    for (const value of ['', 'a b', ' a', 'a ', '$x', 'a@b']) expect(refusal(() => dockerWord(value)), value).toBe(`not a plain Dockerfile word: ${JSON.stringify(value)}`);
  });
});

describe('imageRef', () => {
  it('writes a reference bare', () => {
    expect(imageRef(`reg.example.com:5000/py:3.14-slim@sha256:${'a'.repeat(64)}`)).toBe(`reg.example.com:5000/py:3.14-slim@sha256:${'a'.repeat(64)}`);
  });

  it('refuses any other character, wherever it stands', () => {
    for (const value of ['', 'a b', ' a', 'a ', 'a*', '$x']) expect(refusal(() => imageRef(value)), value).toBe(`not an image reference: ${JSON.stringify(value)}`);
  });
});

describe('commentText', () => {
  it('takes any text on one line, and refuses a control character', () => {
    expect(commentText('# any $text "here" \'ok\'')).toBe('# any $text "here" \'ok\'');
    expect(refusal(() => commentText('a\rb'))).toBe('a control character cannot go into a comment line: "a\\rb"');
  });
});

describe('caddyToken', () => {
  it('leaves a plain word bare and double-quotes anything else, escaping " and \\', () => {
    expect(caddyToken('api.example.com')).toBe('api.example.com');
    expect(caddyToken('app:80')).toBe('app:80');
    expect(caddyToken('/health')).toBe('/health');
    expect(caddyToken('a b')).toBe('"a b"');
    expect(caddyToken('{x}')).toBe('"{x}"');
    expect(caddyToken('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
  });

  it('refuses a control character, naming the format', () => {
    expect(() => caddyToken('a\nb')).toThrow('a control character cannot go into a Caddyfile token: "a\\nb"');
  });
});
