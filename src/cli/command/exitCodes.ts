// The exit codes every ansflow command shares; a command documents its own meaning of 0 and 1.

export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3, cancelled: 130 } as const;

/** What 2 and 3 mean unless a command words 2 more precisely. */
export const COMMON_EXIT_CODES: Readonly<Record<number, string>> = {
  [EXIT.usage]: 'usage error (unknown option, missing or bad argument)',
  [EXIT.internal]: 'internal error (a bug in ansflow; --debug prints the stack)',
};
