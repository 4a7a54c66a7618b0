export {};

/**
 * `npm run bench -- <name> [args…]`: runs the `run(args)` exported by `bench/<name>.ts`.
 * Each area adds its own file (engine, sae, games, …); nothing here needs to change.
 */
const [name, ...args] = process.argv.slice(2);

if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: npm run bench -- <name> [args…]   e.g. npm run bench -- engine --json');
  process.exit(2);
}

let bench: { run?: (args: string[]) => Promise<void> | void };
try {
  bench = await import(`./${name}.ts`);
} catch (err) {
  console.error(`no benchmark '${name}' (bench/${name}.ts): ${(err as Error).message}`);
  process.exit(2);
}
if (typeof bench.run !== 'function') {
  console.error(`bench/${name}.ts does not export run(args)`);
  process.exit(2);
}
await bench.run(args);
