import { z } from 'zod';
import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { staffRoles } from '../../shared';

export interface SignedInStaff {
  id: string;
  name: string;
  role: 'clerk' | 'supervisor';
}

/** A sign-in lasts at most one long shift; after that a reload asks for the PIN again. */
export const SESSION_MAX_MS = 12 * 3_600_000;
/** Activity is written down at most this often (sessionStorage is synchronous). */
const TOUCH_EVERY_MS = 5_000;

/**
 * Who is signed in on this window, and whether the window is locked. Kept in sessionStorage so that a reload (a crash
 * recovery) keeps the clerk signed in — per window, gone when the window closes, never the PIN — and expires.
 */
interface SessionState {
  staff: SignedInStaff | null;
  /** Locked after the idle time: the PIN of the same person resumes. */
  locked: boolean;
  signedInAt: number;
  lastActiveAt: number;
  setStaff: (staff: SignedInStaff | null) => void;
  lock: () => void;
  unlock: () => void;
  /** Someone used the window. */
  touch: () => void;
}

const persistedSchema = z.object({
  staff: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), name: z.string().min(1).max(200), role: z.enum(staffRoles) }).nullable(),
  locked: z.boolean(),
  signedInAt: z.number().int().min(0),
  lastActiveAt: z.number().int().min(0),
});
type Persisted = z.infer<typeof persistedSchema>;

const signedOut = { staff: null, locked: false, signedInAt: 0, lastActiveAt: 0 } satisfies Persisted;

/** What a reload finds: a valid, unexpired session, or nobody signed in. Anything malformed signs out. */
export function restoreSession(stored: unknown, now: number): Persisted {
  const parsed = persistedSchema.safeParse(stored);
  if (!parsed.success || !parsed.data.staff) return signedOut;
  const s = parsed.data;
  if (now - s.signedInAt > SESSION_MAX_MS || s.signedInAt > now + 60_000) return signedOut;
  return s;
}

/** sessionStorage where the window has it; memory otherwise (a Node test). */
const storage = (): StateStorage =>
  typeof sessionStorage === 'undefined' ? { getItem: () => null, setItem: () => undefined, removeItem: () => undefined } : sessionStorage;

export const useSession = create<SessionState>()(
  persist(
    (set, get) => ({
      ...signedOut,
      setStaff: (staff) => set(staff ? { staff, locked: false, signedInAt: Date.now(), lastActiveAt: Date.now() } : signedOut),
      lock: () => set({ locked: true }),
      unlock: () => set({ locked: false, lastActiveAt: Date.now() }),
      touch: () => {
        const now = Date.now();
        if (get().staff && !get().locked && now - get().lastActiveAt >= TOUCH_EVERY_MS) set({ lastActiveAt: now });
      },
    }),
    {
      name: 'chtg-staff-session',
      version: 1,
      storage: createJSONStorage(storage),
      partialize: (s): Persisted => ({ staff: s.staff, locked: s.locked, signedInAt: s.signedInAt, lastActiveAt: s.lastActiveAt }),
      merge: (stored, current) => ({ ...current, ...restoreSession(stored, Date.now()) }),
    },
  ),
);
