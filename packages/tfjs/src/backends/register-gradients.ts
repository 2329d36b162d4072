// tfjs-core ships its gradient definitions only as extensionless ES modules that Node cannot load;
// the @tensorflow/tfjs bundle registers all of them on the shared tfjs-core engine when imported.
// Without this, tf.variableGrads / optimizer.minimize fail with "gradient function not found".
import '@tensorflow/tfjs';
