import { httpReward, scoreAll } from 'pama-rewards';
import { builtinSources, startRewardServer } from 'pama-reward-server';

// Serve the built-in length and sentiment sources on a free loopback port.
const server = await startRewardServer({ sources: builtinSources('length,sentiment'), port: 0 });
console.log(`listening on ${server.url}`);

// Score through it, one HTTP source per objective column.
const remote = ['length', 'sentiment'].map((name) =>
  httpReward({ name, url: `${server.url}/v1/score`, protocol: 'score', maxBatchSize: 32, concurrency: 4, timeoutMs: 5_000 }),
);
const items = [
  { prompt: 'How was it?', response: 'Great, I loved every minute.' },
  { prompt: 'How was it?', response: 'Awful.' },
];
const result = await scoreAll(remote, items)();
if (result._tag === 'Left') console.error(result.left.message);
else for (let i = 0; i < items.length; i++) console.log(`item ${i}: length ${result.right.get(i, 0)}, sentiment ${result.right.get(i, 1)}`);

// The same server answers the text-embeddings-inference /predict form.
const res = await fetch(`${server.url}/predict`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' }, // required: other types get 415
  body: JSON.stringify({ inputs: [['Awful.'], ['Q', 'Great!']] }),
});
console.log('predict:', JSON.stringify(await res.json()));

await server.close(); // drains in-flight requests
