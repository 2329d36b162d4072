// Noon-PPO + PAMA trainer, baselines, checkpoints. Filled in by the training modules.
export {};
