// Run the emulator directly: `npx tsx emulator/main.ts [--port N] [--data DIR] [--demo]`.
// (`o365r emulator` is the same command through the CLI.) Exit codes: 0 stopped by a signal,
// 1 could not start, 2 usage error.
import { parseArgs } from "node:util";
import { runEmulatorCommand } from "./cli.js";

const USAGE = "usage: emulator [--port N] [--data DIR] [--demo]";

async function main(argv: string[]): Promise<number> {
  let values: { port?: string; data?: string; demo?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        data: { type: "string" },
        demo: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    process.stderr.write(`emulator: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(
      `emulator: --port must be a whole number from 0 to 65535, got "${values.port}"\n${USAGE}\n`,
    );
    return 2;
  }
  try {
    await runEmulatorCommand({ port, data: values.data, demo: values.demo });
    return 0;
  } catch (error) {
    process.stderr.write(`emulator: could not start: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
