// The shape every scanner produces: findings located by 1-based line/column, each from a rule with a
// severity, a one-line message and a fix suggestion. Pure data, shared by the CLI, the runner and the editor.

export type ScanSeverity = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITIES: readonly ScanSeverity[] = ['low', 'medium', 'high', 'critical'];

/** A rule's fixed description. */
export interface ScanRule {
  id: string;
  severity: ScanSeverity;
  /** One line: what is wrong. */
  message: string;
  /** One line: what to do about it. */
  fix: string;
}

/** A replacement of text by offsets in the scanned file (0-based, end exclusive). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface ScanFinding {
  /** Path as given to the scanner (absolute for the step and the editor). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: ScanSeverity;
  message: string;
  fix: string;
  /** Safe automatic fix, when there is one. */
  quickFix?: { title: string; edit: TextEdit };
  /** 1-based first line of the object (or stage) the finding belongs to, where a suppression comment goes. */
  objectLine?: number;
}

/** Severities by rule id from a config file; `off` disables a rule. */
export interface ScanConfig {
  severities?: Readonly<Record<string, ScanSeverity | 'off'>>;
  /** Rule ids to skip (the step's `ignore`, the CLI's `--ignore`). */
  ignore?: readonly string[];
}
