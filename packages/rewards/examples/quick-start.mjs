import { pipe } from 'fp-ts/lib/function.js';
import * as E from 'fp-ts/lib/Either.js';
import { functionReward, lengthReward, RunningNormalizer, scoreAll, sentimentReward } from 'pama-rewards';

const items = [
  { prompt: 'Review the film.', response: 'A wonderful, moving film with a superb cast.' },
  { prompt: 'Review the film.', response: 'Dull and far too long.' },
  { prompt: 'Say thanks.', response: 'Thank you so much, please come again!' },
];

const sources = [
  lengthReward({ unit: 'words', scale: 1 / 10, min: 0, max: 1 }), // clip(words / 10, 0, 1)
  sentimentReward(), // VADER compound polarity in [-1, 1]
  functionReward({ name: 'politeness', scoreItem: ({ response }) => (/\b(please|thank)/i.test(response) ? 1 : 0) }),
];

const result = await scoreAll(sources, items)(); // an fp-ts Either: Left(RewardError) or Right(B×N ndarray)
if (result._tag === 'Left') {
  console.error(result.left.message);
  process.exit(1);
}
const rewards = result.right;
console.log('objectives:', sources.map((s) => s.name).join(', '));
for (let i = 0; i < rewards.shape[0]; i++) {
  const row = sources.map((_, j) => rewards.get(i, j).toFixed(3));
  console.log(`item ${i}: ${row.join(' ')}`);
}

// Per-objective running normalisation (an Either, like everything that takes data here);
// its state goes into checkpoints as JSON.
const normalizer = new RunningNormalizer(sources.length);
pipe(
  normalizer.update(rewards),
  E.chain((updated) => updated.normalize(rewards)),
  E.match(
    (error) => console.error(`cannot normalise: ${error.field}: ${error.reason}`),
    (z) => console.log('normalised sentiment of item 0:', z.get(0, 1).toFixed(3)),
  ),
);
console.log('checkpoint state:', JSON.stringify(normalizer.toJSON()).length, 'bytes');
