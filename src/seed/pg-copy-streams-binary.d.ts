/** The part of pg-copy-streams-binary (CommonJS, untyped) that seeding uses. */
declare module 'pg-copy-streams-binary' {
  import type { Transform } from 'node:stream';

  const copyBinary: {
    /** Turns tuples of `{ type, value }` fields (type a PostgreSQL type name such as 'float8') into COPY's binary format. */
    rowWriter(): Transform;
  };
  export default copyBinary;
}
