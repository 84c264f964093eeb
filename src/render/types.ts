export interface GeneratedFile {
  /** POSIX path relative to the project root. */
  path: string;
  content: string;
  /** Unix mode; 0o644 unless said. */
  mode?: number;
}

/** Template files by path under templates/, e.g. "layout/package/app/main.py". */
export type TemplateSet = ReadonlyMap<string, string>;
