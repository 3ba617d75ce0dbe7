export async function seedDemo(_o: { dbUrl: string; url: string; anonKey: string; path: string; replace?: boolean }) {
  return null;
}
