// Parses Plivo XML into an ordered tree, for tests (and anyone debugging a response): element order matters to a
// caller (GetDigits before its fallback Redirect), so the parser keeps it.
import { XMLParser } from "fast-xml-parser";

export type XmlNode = { name: string; attrs: Record<string, string>; text: string; children: XmlNode[] };

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", preserveOrder: true, parseAttributeValue: false, parseTagValue: false });

type Raw = Record<string, unknown>;

function toNode(raw: Raw): XmlNode | null {
  const name = Object.keys(raw).find((k) => k !== ":@");
  if (!name || name === "#text" || name === "?xml") return null;
  const attrs = (raw[":@"] as Record<string, string> | undefined) ?? {};
  const body = (raw[name] as Raw[]) ?? [];
  const text = body.filter((b) => "#text" in b).map((b) => String(b["#text"])).join("");
  const children = body.map(toNode).filter((n): n is XmlNode => n !== null);
  return { name, attrs, text, children };
}

export function parseXml(xml: string): XmlNode {
  const roots = (parser.parse(xml) as Raw[]).map(toNode).filter((n): n is XmlNode => n !== null);
  const root = roots[0];
  if (!root) throw new Error("no root element");
  return root;
}

/** Element names in document order, depth first: ["Response", "GetDigits", "Speak", "Redirect"]. */
export function elementNames(node: XmlNode): string[] {
  return [node.name, ...node.children.flatMap(elementNames)];
}
