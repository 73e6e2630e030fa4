// Package train provides the training utilities shared by regula's models:
// seeded, reproducible variable initialisation and minibatch order
// ([SeedStore], [Batcher]), checkpoints of all variables including
// optimiser state ([SaveCheckpoint], [LoadCheckpoint]), detection of
// non-finite loss values ([CheckFinite]), running means of loss terms
// ([Meter]) and a rate-limited progress reporter ([Progress]).
//
// With the same seed, data and configuration, training on the CPU backend
// is bit-for-bit reproducible.
package train
