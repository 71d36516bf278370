// Password hashes that cannot starve the event loop. New hashes are scrypt (node:crypto's async scrypt runs on
// libuv's thread pool, so webhooks keep being served while a sign-in is checked). Hashes from before this change
// are bcrypt: they are checked on a worker thread (bcryptjs is pure JavaScript and would block the main thread for
// ~250 ms at cost 12) and replaced by scrypt on the next successful sign-in (needsRehash).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { Worker } from "node:worker_threads";
import bcrypt from "bcryptjs";

// N=2^15, r=8 (32 MiB, ~50-100 ms on this machine): OWASP's minimum is 2^17 at r=8 with p=1 or 2^15 at r=8 p=3.
const PARAMS = { N: 2 ** 15, r: 8, p: 3, keyLength: 32 } as const;
const MAXMEM = 64 * 1024 * 1024;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, { ...options, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key` (base64url), so the parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, PARAMS.keyLength, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p });
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export function isBcryptHash(hash: string): boolean {
  return /^\$2[abxy]\$\d{2}\$/.test(hash);
}

/** True when the stored hash should be replaced (bcrypt, or scrypt with weaker parameters). */
export function needsRehash(hash: string): boolean {
  if (isBcryptHash(hash)) return true;
  const [, n, r, p] = hash.split("$");
  return Number(n) !== PARAMS.N || Number(r) !== PARAMS.r || Number(p) !== PARAMS.p;
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (isBcryptHash(hash)) return verifyBcryptOffThread(password, hash);
  const parts = hash.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyText, "base64url");
  try {
    const actual = await scryptAsync(password, Buffer.from(saltText, "base64url"), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } catch {
    return false; // malformed parameters in a stored hash: treat as a mismatch, never a 500
  }
}

// A scrypt hash of a random string: an unknown email is checked against it, so it costs the same as a real check
// and the answer's timing does not tell which emails exist.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}

// The worker is plain CommonJS evaluated from a string (no file for the bundler to trace); it requires bcryptjs
// from the server's node_modules. One short-lived worker per legacy check: these only happen until each
// supervisor has signed in once, and the login throttle bounds how many an attacker can cause.
const BCRYPT_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
parentPort.postMessage(bcrypt.compareSync(workerData.password, workerData.hash));
`;

function verifyBcryptOffThread(password: string, hash: string): Promise<boolean> {
  return new Promise((resolve) => {
    let worker: Worker;
    // Where the worker cannot load bcryptjs (a bundle without node_modules), check in process: slower, still correct.
    const inProcess = () => bcrypt.compare(password, hash).then(resolve, () => resolve(false));
    try {
      worker = new Worker(BCRYPT_WORKER, { eval: true, workerData: { password, hash } });
    } catch {
      return void inProcess();
    }
    let answered = false;
    worker.once("message", (ok: unknown) => {
      answered = true;
      resolve(ok === true);
    });
    worker.once("error", () => {
      if (!answered) void inProcess();
      answered = true;
    });
  });
}
