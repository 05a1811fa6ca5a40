/**
 * Whether reauth runs in an SSH session, and how the person's own computer would name this
 * machine: the browser that signs in runs over there, so a redirect to 127.0.0.1 reaches this
 * machine only through a tunnel (`ssh -L`), and "copy to the clipboard" means theirs.
 */
export interface SshSession {
  /** `user@address` as the laptop can reach this machine (SSH_CONNECTION's server address). */
  readonly target: string;
  /** X11 or Wayland forwarded: a browser and a clipboard may work here after all. */
  readonly hasDisplay: boolean;
}

export function sshSession(env: NodeJS.ProcessEnv): SshSession | undefined {
  if (!(env.SSH_CONNECTION || env.SSH_TTY || env.SSH_CLIENT)) return undefined;
  // "client_ip client_port server_ip server_port"; SSH_CLIENT has no server address.
  const server = env.SSH_CONNECTION?.trim().split(/\s+/)[2];
  const user = env.USER || env.LOGNAME;
  const host = server && server !== '::1' && server !== '127.0.0.1' ? (server.includes(':') ? `[${server}]` : server) : 'THIS-SERVER';
  return { target: `${user ? `${user}@` : ''}${host}`, hasDisplay: !!(env.DISPLAY || env.WAYLAND_DISPLAY) };
}

/** The tunnel that lets the laptop's browser reach reauth's listener on this machine. */
export function tunnelCommand(session: SshSession, port: number): string {
  return `ssh -L ${port}:127.0.0.1:${port} ${session.target}`;
}

/**
 * OSC 52: asks the person's terminal (on their own computer) to put `text` on its clipboard.
 * Most current terminals take it (iTerm2, kitty, WezTerm, Windows Terminal, foot, Alacritty);
 * others ignore it silently, and tmux passes it on only with `set-clipboard on`.
 */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
