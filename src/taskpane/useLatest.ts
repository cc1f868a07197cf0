// The latest value of a prop or state, for callbacks that stay stable (views depend on them) or that read it after
// an await. Written after each commit, never during render: a render React throws away must not leak into them.
import { useLayoutEffect, useRef, type RefObject } from "react";

export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
