package deepsem

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkTrainingSteps times the two kinds of training step at the size
// of the BEELINE mESC benchmark (batch 64 of 421 cells × 500 genes, hidden
// 128). Profile with
//
//	go test ./models/deepsem -run XXX -bench TrainingSteps -cpuprofile cpu.out
func BenchmarkTrainingSteps(b *testing.B) {
	data, genes := toyData(b, 421, 500, 9)
	cfg := DefaultConfig(CellType)
	cfg.Epochs = 1 // builds and compiles both steps
	mdl, err := Train(context.Background(), data, genes, cfg, TrainOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer mdl.Close()
	cells := span(0, 64)
	noise := rand.New(rand.NewPCG(1, 2))
	for _, phase := range []struct {
		name string
		mlp  bool
	}{{"mlp", true}, {"w", false}} {
		exec := mdl.wStep
		if phase.mlp {
			exec = mdl.mlpStep
		}
		b.Run(phase.name, func(b *testing.B) {
			for b.Loop() {
				if !phase.mlp {
					if err := mdl.refreshInverse(0, 0, nil); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := mdl.runStep(exec, data, cells, noise); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
