// Parses a webhook's Plivo XML answer into an ordered element tree. Malformed XML or a root other than <Response>
// is an error, never an empty call.
import { XMLParser, XMLValidator } from "fast-xml-parser";

export type PlivoElement = {
  name: string;
  attrs: Record<string, string>;
  text: string; // trimmed text content (Speak text, Play/Redirect URL, Number, Conference room)
  children: PlivoElement[];
};

export class PlivoXmlError extends Error {
  override name = "PlivoXmlError";
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Node = Record<string, unknown>;

function toElement(node: Node): PlivoElement | null {
  const name = Object.keys(node).find((k) => k !== ":@");
  if (!name || name === "#text" || name === "#comment") return null;
  const rawAttrs = (node[":@"] ?? {}) as Record<string, unknown>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
  const content = (node[name] ?? []) as Node[];
  const children: PlivoElement[] = [];
  let text = "";
  for (const child of content) {
    if ("#text" in child) text += String(child["#text"]);
    else {
      const el = toElement(child);
      if (el) children.push(el);
    }
  }
  return { name, attrs, text: text.trim(), children };
}

/** The children of <Response>, in document order. Throws PlivoXmlError on anything else. */
export function parsePlivoXml(body: string): PlivoElement[] {
  const trimmed = body.trim();
  if (!trimmed) throw new PlivoXmlError("empty response body (expected <Response>)");
  const valid = XMLValidator.validate(trimmed);
  if (valid !== true) throw new PlivoXmlError(`malformed XML at line ${valid.err.line}:${valid.err.col}: ${valid.err.msg}`);
  const roots = (parser.parse(trimmed) as Node[]).map(toElement).filter((e): e is PlivoElement => e !== null);
  if (roots.length !== 1 || roots[0]?.name !== "Response") {
    throw new PlivoXmlError(`root element must be <Response>, got ${roots.map((r) => `<${r.name}>`).join(", ") || "nothing"}`);
  }
  return roots[0].children;
}
