// One schema for the login form and the credentials provider.
import { z } from "zod";

export const loginInput = z.object({
  email: z.email("Enter your email address").trim().toLowerCase(),
  password: z.string().min(1, "Enter your password").max(200, "That password is too long"),
});
export type LoginInput = z.infer<typeof loginInput>;
