// The signed-in app's navigation, grouped as the reference product groups its
// pages (SPEC §7). A new page is one line here; a group shows once it has one.
export const navGroups = ["Monitor", "Automate", "Data", "Settings"] as const;
export type NavGroup = (typeof navGroups)[number];

export type NavEntry = { group: NavGroup; label: string; href: string };

/** Only pages that exist: a link to a page still to be built would be a dead end. */
export const navEntries: NavEntry[] = [
  { group: "Monitor", label: "Home Base", href: "/home" },
  { group: "Monitor", label: "Alerts", href: "/alerts" },
  { group: "Monitor", label: "All clients", href: "/overview" },
  { group: "Monitor", label: "Customers", href: "/customers" },
  // Analytics (issue 18): the reference product's Monitor pages after Customers.
  { group: "Monitor", label: "Segments", href: "/segments" },
  { group: "Monitor", label: "Trends", href: "/trends" },
  { group: "Monitor", label: "CSM Performance", href: "/performance" },
  { group: "Monitor", label: "Calendar", href: "/calendar" },
  { group: "Automate", label: "Alert Rules", href: "/alert-rules" },
  { group: "Automate", label: "Reports", href: "/reports" },
  { group: "Data", label: "Score Customer", href: "/score" },
  { group: "Data", label: "Import / Export", href: "/import" },
  { group: "Data", label: "Backup & Restore", href: "/backup" },
  { group: "Settings", label: "Settings", href: "/settings" },
  { group: "Settings", label: "Users", href: "/users" },
  { group: "Settings", label: "Clients", href: "/clients" },
  { group: "Settings", label: "Audit Log", href: "/audit" },
  { group: "Settings", label: "Help & Guide", href: "/help" },
  { group: "Settings", label: "Account", href: "/account" },
  { group: "Settings", label: "Invitations", href: "/invitations" },
];

export type NavSection = { group: NavGroup; entries: NavEntry[] };

/** The groups in their fixed order, each with its entries in listed order; empty groups are left out. */
export function navSections(entries: readonly NavEntry[] = navEntries): NavSection[] {
  return navGroups
    .map((group) => ({ group, entries: entries.filter((e) => e.group === group) }))
    .filter((section) => section.entries.length > 0);
}

/** An entry is current on its own page and on every page below it (/customers/<id>). */
export function isCurrent(entry: NavEntry, pathname: string): boolean {
  const href = entry.href.replace(/\/+$/, "");
  return pathname === href || pathname.startsWith(`${href}/`);
}
