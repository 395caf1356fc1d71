/** A route whose page is its own chunk, loaded when the route is first opened. */
import type { ComponentType } from "react";
import type { RouteObject } from "react-router";

export function lazyPage(
  path: string,
  load: () => Promise<{ default: ComponentType }>,
): RouteObject {
  return { path, lazy: async () => ({ Component: (await load()).default }) };
}
