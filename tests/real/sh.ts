/**
 * Process helpers for the real-daemon runner: every command is async (labs run side by side in
 * one process), bounded by a timeout, and written to the run's log so a failure can be replayed.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunLog {
  /** File every command and its failure output is appended to; absent = no log. */
  file?: string;
}

export function logLine(log: RunLog, text: string): void {
  if (!log.file) return;
  mkdirSync(dirname(log.file), { recursive: true });
  appendFileSync(log.file, `${new Date().toISOString()} ${text}\n`);
}

/** Runs a command; never throws on a non-zero exit (callers decide), only resolves. */
export function run(
  log: RunLog,
  cmd: string,
  args: string[],
  timeoutMs = 20_000,
): Promise<CmdResult> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const code =
          err === null ? 0 : typeof err.code === 'number' ? err.code : err.killed ? 124 : 1;
        const res = { code, stdout: String(stdout), stderr: String(stderr) };
        if (code !== 0) {
          logLine(log, `FAIL(${code}) ${cmd} ${args.join(' ')}\n${res.stderr}${res.stdout}`);
        } else logLine(log, `${cmd} ${args.join(' ')}`);
        resolve(res);
      },
    );
  });
}

/** Runs a command and throws with its stderr when it fails: for steps that must succeed. */
export async function must(
  log: RunLog,
  cmd: string,
  args: string[],
  timeoutMs?: number,
): Promise<string> {
  const r = await run(log, cmd, args, timeoutMs);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  }
  return r.stdout;
}

/** Runs inside a namespace: the only way the runner ever sends lab traffic. */
export function nsRun(
  log: RunLog,
  ns: string,
  cmd: string,
  args: string[],
  timeoutMs?: number,
): Promise<CmdResult> {
  return run(log, 'ip', ['netns', 'exec', ns, cmd, ...args], timeoutMs);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
