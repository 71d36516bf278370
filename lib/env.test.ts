import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env";

describe("loadEnv", () => {
  it("runs with no configuration on local defaults (simulator, local Pusher, SQLite)", () => {
    const e = loadEnv({});
    expect(e.databaseUrl).toBe("file:./prisma/dev.db");
    expect(e.port).toBe(3000);
    expect(e.publicBaseUrl).toBe("http://localhost:3000");
    expect(e.plivo.configured).toBe(false);
    expect(e.pusher.host).toBe("127.0.0.1");
    expect(e.pusher.useTLS).toBe(false);
    expect(e.production).toBe(false);
  });

  it.each([
    [{ PORT: "abc" }, /PORT must be a port number/],
    [{ PORT: "70000" }, /PORT must be 1-65535/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL must start with one of file:/],
    [{ PUBLIC_BASE_URL: "not a url" }, /PUBLIC_BASE_URL must be an http\(s\) URL/],
    [{ PLIVO_FROM_NUMBER: "12ab" }, /PLIVO_FROM_NUMBER must be a phone number/],
    [{ SUPERVISOR_EMAIL: "nobody" }, /SUPERVISOR_EMAIL must be an email/],
  ])("rejects %o with a message naming the variable", (source, message) => {
    expect(() => loadEnv(source)).toThrow(EnvError);
    expect(() => loadEnv(source)).toThrow(message);
  });

  it("names every missing secret in production", () => {
    try {
      loadEnv({ APP_ENV: "production", PUSHER_KEY: "k" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      const message = (err as EnvError).message;
      for (const name of ["DATABASE_URL", "PLIVO_AUTH_TOKEN", "PUSHER_SECRET", "AUTH_SECRET", "SUPERVISOR_PASSWORD"]) {
        expect(message).toContain(`${name} is required in production`);
      }
      expect(message).not.toContain("PUSHER_KEY is required");
    }
  });

  it("switches to hosted Pusher and real Plivo purely by environment", () => {
    const e = loadEnv({
      PUSHER_APP_ID: "1",
      PUSHER_KEY: "abc",
      PUSHER_SECRET: "s",
      PUSHER_CLUSTER: "eu",
      PLIVO_AUTH_ID: "MA123",
      PLIVO_AUTH_TOKEN: "tok",
      PLIVO_FROM_NUMBER: "+14155550100",
      PUBLIC_BASE_URL: "https://ivr.example.com/",
    });
    expect(e.pusher.host).toBeUndefined();
    expect(e.pusher.useTLS).toBe(true);
    expect(e.pusherClient).toMatchObject({ key: "abc", cluster: "eu", forceTLS: true });
    expect(e.plivo.configured).toBe(true);
    expect(e.publicBaseUrl).toBe("https://ivr.example.com");
  });

  it("never exposes the Pusher secret in the browser config", () => {
    const e = loadEnv({ PUSHER_SECRET: "top-secret-value" });
    expect(JSON.stringify(e.pusherClient)).not.toContain("top-secret-value");
  });
});
