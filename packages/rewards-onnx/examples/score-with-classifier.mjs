import * as E from 'fp-ts/lib/Either.js';
import { scoreAll } from 'pama-rewards';
import { classifierReward } from 'pama-rewards-onnx';

// Two model folders made by this package's tests: a tiny BERT sentiment classifier (labels
// NEGATIVE, POSITIVE; trained for seconds on 90 sentences) and a tiny scalar reward model (one
// output, random weights) that reads (prompt, response) pairs.
const fixtures = new URL('../test/fixtures/', import.meta.url).pathname;
const positive = classifierReward({ name: 'positive', dir: `${fixtures}tiny-sentiment`, label: 'POSITIVE' });
const reward = classifierReward({ name: 'reward', dir: `${fixtures}tiny-reward`, pair: true, maxLength: 64 });

const classifier = await positive.load(); // optional: load and check the model now, not at the first batch
console.log(`labels ${classifier.labels.join(', ')}; score: ${positive.describe}; reward: ${reward.describe}`);

const items = [
  { prompt: 'Review the film.', response: 'What a wonderful, joyful evening!' },
  { prompt: 'Review the film.', response: 'The food was cold and the service was dreadful.' },
  { prompt: 'Review the hotel.', response: 'The staff were friendly, a lovely stay.' },
];
const result = await scoreAll([positive, reward], items)(); // an fp-ts Either: Left(RewardError) or Right(B×N ndarray)
if (E.isLeft(result)) {
  console.error(result.left.message);
  process.exit(1);
}
items.forEach((item, i) => {
  const [p, r] = [result.right.get(i, 0), result.right.get(i, 1)];
  console.log(`${item.response.padEnd(48)} positive ${p.toFixed(3)}  reward ${r.toFixed(3)}`);
});
