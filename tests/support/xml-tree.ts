// Plivo XML as an ordered tree, for tests: element order matters to a caller (GetDigits before its fallback
// Redirect). The one XML reader is the simulator's (lib/simulator/parse-plivo-xml.ts); this only adds the root.
import { parsePlivoXml, type PlivoElement } from "../../lib/simulator/parse-plivo-xml";

export type XmlNode = PlivoElement;

/** The <Response> element with its children; throws on malformed XML or another root. */
export function parseXml(xml: string): XmlNode {
  return { name: "Response", attrs: {}, text: "", children: parsePlivoXml(xml) };
}

/** Element names in document order, depth first: ["Response", "GetDigits", "Speak", "Redirect"]. */
export function elementNames(node: XmlNode): string[] {
  return [node.name, ...node.children.flatMap(elementNames)];
}

/** The first element with this name, depth first. */
export function findElement(elements: XmlNode[], name: string): XmlNode | undefined {
  for (const el of elements) {
    if (el.name === name) return el;
    const inner = findElement(el.children, name);
    if (inner) return inner;
  }
  return undefined;
}
