import { create } from 'zustand';

export interface SignedInStaff {
  id: string;
  name: string;
  role: 'clerk' | 'supervisor';
}

/** Who is signed in on this window: session state, never stored. */
interface SessionState {
  staff: SignedInStaff | null;
  setStaff: (staff: SignedInStaff | null) => void;
}

export const useSession = create<SessionState>((set) => ({
  staff: null,
  setStaff: (staff) => set({ staff }),
}));
