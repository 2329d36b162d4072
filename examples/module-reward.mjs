// A module objective: copy this file, change `score`, and name it in a config's objectives:
//   { "name": "variety", "source": "module", "path": "module-reward.mjs" }
// (a relative path resolves against the config file). `pama align` imports the module and calls
// its default export (or, without one, the export named `score`) with a batch of
// { prompt, response } objects; it must return one finite number per item, in order, as an array
// or a Promise of one (so the function may be async, e.g. to call a service).
//
// This one rewards lexical variety: the share of distinct words among the response's words,
// which pushes against the repetition a length objective invites. An empty response scores 0.

/**
 * @param {ReadonlyArray<{ prompt: string, response: string }>} items
 * @returns {number[]}
 */
export default function score(items) {
  return items.map(({ response }) => {
    const words = response.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
    return words.length === 0 ? 0 : new Set(words).size / words.length;
  });
}
