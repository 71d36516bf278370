// Seeded pseudo-random numbers for the routing lab. sfc32 (small, fast, passes PractRand) seeded from a string via
// SHA-256, so each named stream ("arrivals", "caller:17") is independent and reproducible: every policy in a run
// sees the same callers with the same patience, handle-time and rating draws (common random numbers).
import { createHash } from "node:crypto";

export type Rng = () => number; // uniform [0, 1)

export function rngFor(seed: number | string, stream: string): Rng {
  const h = createHash("sha256").update(`${seed}/${stream}`).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}

/** Standard normal by Box-Muller (one of the pair; simplicity over speed). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Index drawn from unnormalised weights with the uniform u (inverse CDF, so one u maps consistently). */
export function pickWeighted(weights: readonly number[], u: number): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = u * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return i;
  }
  return weights.length - 1;
}
