// Substituting values into the languages step types hand to tools (argument vectors, YAML), once and
// by that language's rules, for `with` keys declared `raw` (see WithValueKind in contracts/StepType.ts).
export { evaluatorOf, expressionsIn, substituteDeep, substituteText, wholeExpression, withPlaceholders, type Evaluate } from './substituteText.js';
export { substituteArgv } from './substituteArgv.js';
export { parseYamlWithValues } from './parseYamlWithValues.js';
