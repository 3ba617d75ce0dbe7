// The Settings area's tabs: one line per page under /settings.
export const settingsTabs: { label: string; href: string }[] = [
  { label: "Scoring", href: "/settings" },
  { label: "API keys", href: "/settings/api-keys" },
  { label: "Config history", href: "/settings/history" },
  { label: "Event log", href: "/settings/deliveries" },
];
