// The protocol definitions (proto/*.proto) as protobufjs JSON descriptors: what protocol.ts loads at
// start-up. Parsing the .proto text (and loading the parser) took a third of the provider's start-up,
// and engines start the provider several times per command; the descriptors are generated from the
// .proto files by `npm run proto:generate` and a test fails when they no longer match.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DESCRIPTORS_FILE, PROTO_FILES } from "./proto-names.js";

/** The descriptors of the .proto files in `dir`, as the JSON text written to proto/descriptors.json. */
export async function generateDescriptors(dir: string): Promise<string> {
  const { default: protobuf } = await import("protobufjs");
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(dir, target);
  root.loadSync([...PROTO_FILES], { keepCase: true });
  root.resolveAll();
  return `${JSON.stringify(root.toJSON({ keepComments: false }), null, 1)}\n`;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const { protoDir } = await import("./protocol.js");
  const dir = protoDir();
  writeFileSync(join(dir, DESCRIPTORS_FILE), await generateDescriptors(dir));
  process.stdout.write(`wrote ${join(dir, DESCRIPTORS_FILE)}\n`);
}
