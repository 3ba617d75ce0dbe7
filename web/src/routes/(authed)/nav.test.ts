import { describe, expect, test } from "vitest";
import { isCurrent, navEntries, navSections, type NavEntry } from "./nav.ts";

describe("navSections", () => {
  test("today the app shows Monitor, with Home Base, Alerts, All clients, Customers, Segments, Trends, CSM Performance and Calendar, Automate, with Alert Rules and Reports, Data, with Score Customer, Import / Export and Backup & Restore, and Settings, with the client's Settings, Users, Clients, Audit Log, Help & Guide, the user's Account and Invitations", () => {
    expect(navSections()).toEqual([
      { group: "Monitor", entries: [
        { group: "Monitor", label: "Home Base", href: "/home" },
        { group: "Monitor", label: "Alerts", href: "/alerts" },
        { group: "Monitor", label: "All clients", href: "/overview" },
        { group: "Monitor", label: "Customers", href: "/customers" },
        { group: "Monitor", label: "Segments", href: "/segments" },
        { group: "Monitor", label: "Trends", href: "/trends" },
        { group: "Monitor", label: "CSM Performance", href: "/performance" },
        { group: "Monitor", label: "Calendar", href: "/calendar" },
      ] },
      { group: "Automate", entries: [
        { group: "Automate", label: "Alert Rules", href: "/alert-rules" },
        { group: "Automate", label: "Reports", href: "/reports" },
      ] },
      { group: "Data", entries: [
        { group: "Data", label: "Score Customer", href: "/score" },
        { group: "Data", label: "Import / Export", href: "/import" },
        { group: "Data", label: "Backup & Restore", href: "/backup" },
      ] },
      { group: "Settings", entries: [
        { group: "Settings", label: "Settings", href: "/settings" },
        { group: "Settings", label: "Users", href: "/users" },
        { group: "Settings", label: "Clients", href: "/clients" },
        { group: "Settings", label: "Audit Log", href: "/audit" },
        { group: "Settings", label: "Help & Guide", href: "/help" },
        { group: "Settings", label: "Account", href: "/account" },
        { group: "Settings", label: "Invitations", href: "/invitations" },
      ] },
    ]);
  });

  test("groups come in the reference product's order whatever order the entries are listed in, empty ones left out", () => {
    const entries: NavEntry[] = [
      { group: "Settings", label: "Users", href: "/settings/users" },
      { group: "Monitor", label: "Customers", href: "/customers" },
      { group: "Data", label: "Import / Export", href: "/import" },
      { group: "Monitor", label: "Alerts", href: "/alerts" },
    ];
    const sections = navSections(entries);
    expect(sections.map((s) => s.group), "Automate has no page, so no heading").toEqual(["Monitor", "Data", "Settings"]);
    expect(sections[0].entries.map((e) => e.label), "entries keep their listed order").toEqual(["Customers", "Alerts"]);
  });
});

describe("isCurrent", () => {
  const customers = navEntries.find((e) => e.href === "/customers")!;

  test("an entry is current on its page and on the pages below it", () => {
    expect(isCurrent(customers, "/customers")).toBe(true);
    expect(isCurrent(customers, "/customers/5d4a1c36-9f5e-4f7e-8d35-1b8f2e0f6a01")).toBe(true);
  });

  test("a page whose path merely starts with the same letters is not", () => {
    expect(isCurrent(customers, "/customers-archive")).toBe(false);
    expect(isCurrent(customers, "/")).toBe(false);
  });
});
