// Where the e2e suite saves its screenshots: under test-results/ (kept with the run's artifacts) by default, so a
// test run leaves the working tree clean; into docs/screenshots/ (the README's pictures) with UPDATE_SCREENSHOTS=1.
import { z } from "zod";

const update = z
  .enum(["", "0", "1", "true", "false"], { error: "UPDATE_SCREENSHOTS must be 1 or unset" })
  .parse(process.env.UPDATE_SCREENSHOTS ?? "");

export function screenshotPath(name: string): string {
  const dir = update === "1" || update === "true" ? "docs/screenshots" : "test-results/screenshots";
  return `${dir}/${name}`;
}
