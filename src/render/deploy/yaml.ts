import { Document, Scalar, isMap, isSeq } from 'yaml';

/**
 * The one way a generated YAML file is written: the `yaml` library builds a document from plain values, and every
 * string passes through its emitter, which quotes whatever would not read back as the same string.
 *
 * YAML 1.1 quoting on purpose: Kubernetes reads manifests with a YAML 1.1 parser, where `on`, `yes` or `0755` are
 * not strings, and the library then quotes them. Comments are attached to keys, so that the files teach their reader.
 */
export type Path = readonly (string | number)[];

export interface YamlFile {
  /** Comment lines at the top of the file. */
  header: string[];
  value: unknown;
  /** Comment lines above the key (or the list item) at each path. */
  comments?: ReadonlyArray<readonly [Path, string[]]>;
}

/** A string the emitter always double-quotes: `80:80` is a port mapping, never a YAML 1.1 base-60 number. */
export const quoted = (value: string): Scalar => {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
};

const asComment = (lines: string[]): string => lines.map((line) => (line ? ` ${line}` : '')).join('\n');

function commentAt(doc: Document, path: Path, lines: string[]): void {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const last = path.at(-1);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => (item.key as Scalar).value === last);
    if (pair) return void ((pair.key as Scalar).commentBefore = asComment(lines));
  } else if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last] as Scalar | undefined;
    if (item) return void (item.commentBefore = asComment(lines));
  }
  throw new Error(`no YAML node at ${path.join('.')} to comment on`);
}

export function printYaml(file: YamlFile): string {
  // No anchors: a value used twice (labels, security contexts) is written out twice, as a reader expects.
  const doc = new Document(file.value, { version: '1.1', aliasDuplicateObjects: false });
  doc.commentBefore = asComment(file.header);
  for (const [path, lines] of file.comments ?? []) commentAt(doc, path, lines);
  return doc.toString({ lineWidth: 0 });
}
