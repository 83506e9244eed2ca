/** The JSON a request from the engine carries, whatever form its body takes (the engine sends a Blob); null without one. */
export async function requestJson(init?: RequestInit): Promise<unknown> {
  if (init?.body === undefined || init.body === null) return null;
  return JSON.parse(await new Response(init.body).text()) as unknown;
}
