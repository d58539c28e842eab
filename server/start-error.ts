/**
 * What `npm start` and `npm run host` print when the host cannot start: the usual causes said in
 * the user's terms, with the setting that changes them, instead of Node's bare error code.
 */
export function startErrorMessage(error: unknown): string {
  const { code, port } = (error ?? {}) as { code?: string; port?: number };
  if (code === 'EADDRINUSE') {
    return (
      `port ${port} is already in use. Another \`npm start\` or \`npm run host\` may still be running: ` +
      `stop it (Ctrl-C in its terminal), or choose another port for the API host, e.g. OSPARC_LOCAL_PORT=${(port ?? 8006) + 1}`
    );
  }
  if (code === 'EACCES') {
    return `port ${port} needs privileges this user lacks: choose a port above 1023 with OSPARC_LOCAL_PORT`;
  }
  return error instanceof Error ? error.message : String(error);
}
