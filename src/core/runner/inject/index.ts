// Values never become code: substituting `${{ }}` values into scripts by reference, per language.
export { analyzeScript, firstProblem, injectScript, InjectionError, isPosixShell, type InjectedScript, type InjectOptions, type ScriptLanguage, type ScriptSite } from './injectScript.js';
export { escapeJsLiteral, escapePythonLiteral } from './escapeLiteral.js';
export { type InjectionProblem, type InjectionProblemCode, type Site, type SiteContext, type Span } from './sites.js';
export { lexShell, type ReparsedVariable } from './shellLexer.js';
