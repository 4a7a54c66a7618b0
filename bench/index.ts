/**
 * `npm run bench -- <name> [args…]`: runs the `run(args)` exported by `bench/<name>.ts`.
 * Each area adds its own file (engine, sae, games, …); nothing here needs to change.
 */
import fs from 'node:fs';

const [name, ...args] = process.argv.slice(2);

if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: npm run bench -- <name> [args…]   e.g. npm run bench -- engine --json');
  process.exit(2);
}
const file = new URL(`./${name}.ts`, import.meta.url);
if (!fs.existsSync(file)) {
  const known = fs.readdirSync(new URL('./', import.meta.url)).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'));
  console.error(`no benchmark '${name}'; available: ${known.map((f) => f.slice(0, -3)).join(', ')}`);
  process.exit(2);
}
const bench: { run?: (args: string[]) => Promise<void> | void } = await import(file.href);
if (typeof bench.run !== 'function') {
  console.error(`bench/${name}.ts does not export run(args)`);
  process.exit(2);
}
await bench.run(args);
