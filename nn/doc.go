// Package nn holds the neural-network building blocks of regula's models on
// GoMLX: initialisers, dense and masked dense layers, the shared per-gene MLP
// of DeepSEM, the (inverse) GRN layers with their exact gradients and a
// conditioning guard, batch norm and dropout with PyTorch semantics, the
// edge-list sparse × dense product, graph convolutions, GRouNdGAN's
// block-sparse per-target MLPs and the WGAN-GP gradient penalty.
//
// Every layer takes its dtype from its input node (float32 for training,
// float64 in the gradient tests) and creates its variables directly in the
// scope it is given; callers choose sub-scopes with scope.In. Gradients of
// every block are verified against finite differences with package
// regula/nn/gradcheck.
package nn
