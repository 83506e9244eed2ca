import { useEffect, useRef } from 'react';

/** A <dialog> shown as a modal when it mounts: the browser keeps the focus inside it and Escape cancels it. */
export function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => ref.current?.showModal(), []);
  return ref;
}
