import { loadCatalog } from '@descent/runner';
import { sweepJsonSchema } from '@descent/sweep';
import { formatHelp, parseArgs, type CommandSpec } from '../args.js';

export const spec: CommandSpec = {
  name: 'schema',
  summary: 'print the JSON Schema of sweep files (built-in optimizers, datasets, landscapes)',
  usage: 'pnpm exp schema > sweep.schema.json',
  options: {},
  details: ["Point your editor's YAML language server at it, e.g. '# yaml-language-server: $schema=../sweep.schema.json'."],
};

export async function main(argv: string[]): Promise<number> {
  const { options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  const catalog = await loadCatalog([], process.cwd());
  console.log(JSON.stringify(sweepJsonSchema(catalog), null, 2));
  return 0;
}
