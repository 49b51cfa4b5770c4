/** The product version, shared by the CLI, the extension and history records. */
export const VERSION = '0.1.0';
