// A plugin that exports a factory and a constant but no optimizer object.
export const VERSION = '1.0';
export default function makeOptimizer() {
  return null;
}
