/** The shared contract: import from "@/lib/protocol" in browser code and route handlers. */
export * from "./collab";
export * from "./events";
export * from "./feed";
export * from "./schemas";
export * from "./workflow";
export * from "./embed";
export * from "./publishing";
export * from "./roles";
export * from "./audit";
export * from "./auth";
export * from "./stories";
export * from "./colors";
export * from "./audience";
export * from "./collab-frames";
export * from "./review";
export * from "./suggestions";
