import { parseArgs } from 'node:util';
import { renderMessage } from '@preau/contracts';
import { loadConfig, ConfigError, type Config } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createMailer } from '../modules/mail/mailer.ts';
import { createOperatorsRepository } from '../modules/operators/operators.repository.ts';
import { AppError } from '../shared/app-error.ts';
import { runApi } from './api.ts';
import { createAccount } from './create-user.ts';

/** Where a command writes: the terminal, or a buffer in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const HELP = `Usage: preau <command> [options]

Commands:
  start                      Start Préau (migrates the database first) and serve the console and the API
  migrate                    Apply pending database migrations, then exit
  worker                     Run the background jobs (LSU imports) without HTTP, beside API processes
                             started with IMPORT_WORKER=external (PostgreSQL, same PREAU_DATA_DIR)
  create-user --email <e-mail> --name <name> --password <password> [--verified] [--locale fr|en] [--operator]
                             Create an account (no e-mail is sent); --operator makes it an operator of this instance
  operator grant|revoke <e-mail>
                             Make an existing account an operator of this instance (or no longer one)
  operator list              List the operators
  openapi                    Print the API's OpenAPI document (JSON), as served at /api/openapi.json
  lsu check <file…>          Check LSU files against their schema and rules (see preau lsu check --help)
  lsu check --schema <xsd> <file>
                             Check against an official LSU schema not yet added (compiled on the fly)
  lsu versions               List the LSU schema versions: built in, and added with their review warnings
  lsu versions add <xsd> [--dry-run]
                             Compile an official LSU schema, print what changed against the previous
                             version of its family, and store it
  hosting export --base <id> --hosting-number <N> --out <folder>
                             Write the base file of a base (<uai>-<year>.preau-base) and its profiles file
                             (.preau-profils) to load at the hosting provider that gave the hosting number N;
                             progress on stderr
  help, --help               Show this help

Configuration comes from environment variables (PORT, HOST, PREAU_DATA_DIR, DATABASE_URL, PUBLIC_URL,
AUTH_SECRET, SMTP_URL, MAIL_FROM, LOG_LEVEL, TRUST_PROXY, …): see the README.
`;


/** Runs one CLI command; resolves to the process exit code. `env` defaults to process.env. */
export async function runCli(argv: string[], io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(HELP);
        return 0;
      case 'start':
        await runApi({ stdout: io.stdout }, env);
        return 0;
      case 'migrate':
        return await migrateCommand(loadConfig(env), io);
      case 'worker':
        return await (await import('./worker.ts')).runWorker(io, env);
      case 'create-user':
        return await createUserCommand(rest, loadConfig(env), io);
      case 'operator':
        return await operatorCommand(rest, loadConfig(env), io);
      case 'openapi': {
        const { openApiDocument } = await import('./openapi-document.ts');
        io.stdout(`${JSON.stringify(await openApiDocument(loadConfig(env)), null, 2)}\n`);
        return 0;
      }
      case 'lsu':
        return await lsuCommand(rest, io, env);
      case 'hosting':
        return await (await import('./hosting-export.command.ts')).runHostingCommand(rest, loadConfig(env), io);
      default:
        io.stderr(`Unknown command "${command}".\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    if (error instanceof AppError) {
      // In English, like the rest of this command line (AppError's own message is French).
      io.stderr(`${renderMessage(error, 'en')}\n`);
      return 1;
    }
    const listen = (error ?? {}) as NodeJS.ErrnoException & { address?: string; port?: number };
    if (listen.syscall === 'listen' && (listen.code === 'EADDRINUSE' || listen.code === 'EACCES')) {
      const why = listen.code === 'EADDRINUSE' ? 'is already in use (another Préau, or another program)' : 'may not be used by this user';
      io.stderr(`Préau cannot listen on ${listen.address ?? ''}:${listen.port ?? ''}: the port ${why}. Choose another with PORT.\n`);
      return 1;
    }
    throw error;
  }
}

/** `preau migrate`: applies pending migrations and lists them. */
export async function migrateCommand(config: Config, io: CliIo): Promise<number> {
  const database = await createDatabase(config);
  try {
    const results = await migrateToLatest(database.db);
    if (results.length === 0) io.stdout('The database is up to date.\n');
    for (const r of results) io.stdout(`applied ${r.migrationName}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

/** `preau create-user --email … --name … --password … [--verified]`. */
export async function createUserCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      verified: { type: 'boolean', default: false },
      locale: { type: 'string', default: 'fr' },
      operator: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const { email, name, password, verified, locale, operator } = values;
  if (!email || !name || !password || (locale !== 'fr' && locale !== 'en')) {
    io.stderr('create-user needs --email, --name and --password (and --locale fr or en when given).\n');
    return 2;
  }
  const database = await createDatabase(config);
  const mailer = createMailer(config);
  try {
    await migrateToLatest(database.db);
    const id = await createAccount({ config, db: database.db, mailer }, { email, name, password, verified, locale, operator });
    const notes = [verified ? 'address confirmed' : '', operator ? 'operator' : ''].filter(Boolean).join(', ');
    io.stdout(`Created account ${id} for ${email.toLowerCase()}${notes ? ` (${notes})` : ''}.\n`);
    return 0;
  } finally {
    await mailer.close();
    await database.close();
  }
}

/** `preau operator grant|revoke <e-mail>`, `preau operator list`. */
export async function operatorCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  const [action, email] = args;
  if (!(action === 'list' || ((action === 'grant' || action === 'revoke') && email))) {
    io.stderr('Usage: preau operator grant <e-mail> | revoke <e-mail> | list\n');
    return 2;
  }
  const database = await createDatabase(config);
  try {
    await migrateToLatest(database.db);
    const operators = createOperatorsRepository(database.db);
    if (action === 'list') {
      const rows = await operators.list();
      if (rows.length === 0) io.stdout('No operator yet: preau operator grant <e-mail>.\n');
      for (const row of rows) io.stdout(`${row.email}\t${row.name}\tsince ${row.granted_at.toISOString().slice(0, 10)}\n`);
      return 0;
    }
    const address = email!.trim().toLowerCase();
    const user = await database.db.selectFrom('user').select('id').where('email', '=', address).executeTakeFirst();
    if (!user) {
      io.stderr(`No account uses ${address}: create it first (preau create-user … --operator).\n`);
      return 1;
    }
    const changed = action === 'grant' ? await operators.grant(user.id) : await operators.revoke(user.id);
    io.stdout(`${address} ${action === 'grant' ? (changed ? 'is now an operator' : 'was already an operator') : changed ? 'is no longer an operator' : 'was not an operator'}.\n`);
    return 0;
  } finally {
    await database.close();
  }
}

/** `preau lsu check …` (handed to the LSU engine's command), `preau lsu versions …`. */
async function lsuCommand(args: string[], io: CliIo, env: Record<string, string | undefined>): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'versions') {
    const { runLsuVersionsCommand } = await import('./lsu-versions.command.ts');
    return runLsuVersionsCommand(rest, loadConfig(env), io);
  }
  if (sub !== 'check') {
    io.stderr('Usage: preau lsu check <file…> | preau lsu versions [add FILE.xsd]\n');
    return 2;
  }
  // Loaded on demand: the other commands do not need the LSU engine.
  const { runLsuCheckCommand } = await import('../cli/lsu-check.command.ts');
  return runLsuCheckCommand(rest, io);
}
