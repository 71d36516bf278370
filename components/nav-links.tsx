"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export const NAV = [
  { href: "/", label: "Board" },
  { href: "/calls", label: "Live calls" },
  { href: "/history", label: "History" },
  { href: "/analytics", label: "Analytics" },
  { href: "/agents", label: "Agents" },
  { href: "/start-call", label: "Start a call" },
  { href: "/audit", label: "Audit" },
  { href: "/voicemail", label: "Voicemail" },
  { href: "/hours", label: "Hours" },
  { href: "/customers", label: "Customers" }, // #19 caller priority
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {NAV.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
              active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
