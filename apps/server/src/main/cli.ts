// Entry point of `npx preau` (apps/server/bin/preau.mjs): the only place the CLI touches process state.
import { runCli } from './commands.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
});
// `start` keeps the process alive through its server; other commands end here.
if (process.argv[2] !== 'start') process.exitCode = code;
