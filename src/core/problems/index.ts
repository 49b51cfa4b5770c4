// Public surface of the problem matchers: pure readers of tool output shared by the editor and the CLI.
export type { Problem, ProblemSeverity, ProblemHints, MatchContext, LineMatcher, ProblemMatcher } from './Problem.js';
export { ProblemScanner, scanProblems, stripAnsi, defaultProblemMatchers } from './ProblemScanner.js';
export { tscMatcher } from './tscMatcher.js';
export { eslintMatcher } from './eslintMatcher.js';
export { gccMatcher } from './gccMatcher.js';
export { pythonMatcher } from './pythonMatcher.js';
export { ansibleMatcher } from './ansibleMatcher.js';
export { kubectlMatcher } from './kubectlMatcher.js';
export { helmMatcher } from './helmMatcher.js';
export { dockerMatcher, dockerfileInstructionLines } from './dockerMatcher.js';
export { locateManifestField, splitFieldPath, type ManifestLocation } from './locateManifestField.js';
export { hintsForStep } from './hintsForStep.js';
