// Entry point of `npx preau` (apps/server/bin/preau.mjs): the only place the CLI touches process state.
const argv = process.argv.slice(2);
let code: number;
if (argv[0] === 'lsu' && argv[1] === 'check') {
  // Fast path: checking a file must not pay for loading the server (Fastify, auth, database):
  // that costs about 2 s of CPU and 130 MB, more than the whole check of a 140 MB file.
  const { runLsuCheckCommand } = await import('../cli/lsu-check.command.ts');
  code = await runLsuCheckCommand(argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
} else {
  const { runCli } = await import('./commands.ts');
  code = await runCli(argv, {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  });
}
// `start` keeps the process alive through its server; other commands end here.
if (argv[0] !== 'start') process.exitCode = code;
