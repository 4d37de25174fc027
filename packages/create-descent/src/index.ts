export { scaffold, packageName, packageNameProblem, templateDir, ScaffoldError, type ScaffoldOptions } from './scaffold.js';
