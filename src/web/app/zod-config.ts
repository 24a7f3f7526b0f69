import { z } from 'zod';

// Zod probes for eval (new Function) to compile fast object parsers when the first schema is
// built; the Content-Security-Policy forbids eval, and the probe alone is reported as a violation.
// The interpreted parsers are fast enough for forms. Imported first by main.tsx: the setting
// must be in place before any module builds a schema.
z.config({ jitless: true });
