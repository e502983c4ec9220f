// Names shared by the protocol loader (start-up) and the descriptor generator (build time).
export const PROTO_FILES = ["tfplugin6.proto", "go_plugin.proto", "health.proto"] as const;
export const DESCRIPTORS_FILE = "descriptors.json";
