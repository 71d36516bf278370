// The role and agent id carried in the Auth.js session and token (auth.config.ts sets them).
import type { DefaultSession } from "next-auth";
import type { Role } from "./roles";

declare module "next-auth" {
  interface User {
    role?: Role;
    agentId?: string;
  }
  interface Session {
    user: { id: string; role?: Role; agentId?: string } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    role?: Role;
    agentId?: string;
  }
}
