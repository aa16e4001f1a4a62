/** A seeding request that cannot be carried out; its message is one line meant for the user. */
export class SeedError extends Error {
  override name = 'SeedError';
}
