/**
 * What the packages built on the core share besides the mathematics: the one error base class
 * they throw ({@link FieldError}), the way every message shows an offending value
 * ({@link renderValue}), and a seeded stream of uniform floats ({@link seededRandom}) for
 * reproducible jitter and generated inputs. Kept out of the main entry point, which holds the
 * mathematics.
 *
 * @module pama-core/support
 */
export { FieldError } from './field-error.js';
export { renderValue } from './render-value.js';
export { seededRandom } from './seeded-random.js';
