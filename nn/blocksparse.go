package nn

import (
	"fmt"
	"slices"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/ml/model"
)

// BlockSparseConfig configures BlockSparseMLP.
type BlockSparseConfig struct {
	// HiddenLayers is the number of hidden layers of each target's MLP (GRouNdGAN: 3).
	HiddenLayers int
	// WidthFactor sets a target's hidden width to WidthFactor·(regulators + 1) (GRouNdGAN: 2).
	WidthFactor int
	// Init initialises the weights (biases are zero).
	Init WeightInit
	// OutputReLU applies a ReLU to the outputs (non-negative expression).
	OutputReLU bool
}

// BlockSparseMLP is GRouNdGAN's set of per-target generators: target t has
// its own MLP fed by [noise[:, t], regulatorValues[:, regulators[t]...]],
// with cfg.HiddenLayers ReLU layers of width cfg.WidthFactor·(|regulators[t]|+1)
// and one output. regulatorValues is [batch, numRegulators], noise is
// [batch, targets]; the result is [batch, targets].
//
// Targets are grouped by their number of regulators; each group is one
// batched matmul per layer over [group, batch, width] blocks, so memory and
// work are proportional to Σ_t width_t² (i.e. to the number of edges times the
// width), never to genes², and nothing is masked. Variables live under
// scope.In("r<count>") as "layer<i>/weights" [group, in, out] and
// "layer<i>/biases" [group, out].
func BlockSparseMLP(scope *model.Scope, regulatorValues, noise *Node, regulators [][]int, cfg BlockSparseConfig) *Node {
	if regulatorValues.Rank() != 2 || noise.Rank() != 2 || noise.Shape().Dim(0) != regulatorValues.Shape().Dim(0) {
		panic(fmt.Errorf("nn.BlockSparseMLP: want regulator values [batch, r] and noise [batch, targets], got %s and %s",
			regulatorValues.Shape(), noise.Shape()))
	}
	batch, numRegulators, targets := regulatorValues.Shape().Dim(0), regulatorValues.Shape().Dim(1), noise.Shape().Dim(1)
	if len(regulators) != targets {
		panic(fmt.Errorf("nn.BlockSparseMLP: %d regulator lists for %d targets", len(regulators), targets))
	}
	if cfg.HiddenLayers < 1 || cfg.WidthFactor < 1 {
		panic(fmt.Errorf("nn.BlockSparseMLP: need HiddenLayers ≥ 1 and WidthFactor ≥ 1, got %+v", cfg))
	}
	groups := map[int][]int{} // regulator count → targets
	for t, regs := range regulators {
		for _, r := range regs {
			if r < 0 || r >= numRegulators {
				panic(fmt.Errorf("nn.BlockSparseMLP: target %d has regulator index %d outside [0, %d)", t, r, numRegulators))
			}
		}
		groups[len(regs)] = append(groups[len(regs)], t)
	}
	counts := make([]int, 0, len(groups))
	for c := range groups {
		counts = append(counts, c)
	}
	slices.Sort(counts)

	g, dtype := regulatorValues.Graph(), regulatorValues.DType()
	valuesT := Transpose(regulatorValues, 0, 1) // [numRegulators, batch]
	noiseT := Transpose(noise, 0, 1)            // [targets, batch]
	var outputs []*Node                         // [groupSize, batch] each
	var order []int32                           // target of each output row
	for _, count := range counts {
		members := groups[count]
		m := len(members)
		memberIdx := make([]int32, m)
		regIdx := make([]int32, 0, m*count)
		for i, t := range members {
			memberIdx[i] = int32(t)
			for _, r := range regulators[t] {
				regIdx = append(regIdx, int32(r))
			}
		}
		// Inputs [m, batch, count+1]: the target's noise, then its regulators.
		parts := []*Node{InsertAxes(Gather(noiseT, InsertAxes(Const(g, memberIdx), 1)), 2)}
		if count > 0 {
			regs := Gather(valuesT, InsertAxes(Const(g, regIdx), 1)) // [m·count, batch]
			parts = append(parts, Transpose(Reshape(regs, m, count, batch), 1, 2))
		}
		h := Concatenate(parts, 2)
		width := cfg.WidthFactor * (count + 1)
		groupScope := scope.In("r%d", count)
		for layer := 0; layer <= cfg.HiddenLayers; layer++ {
			out := width
			if layer == cfg.HiddenLayers {
				out = 1
			}
			s := groupScope.In("layer%d", layer)
			w := weightVariable(s, "weights", shapes.Make(dtype, m, h.Shape().Dim(2), out), cfg.Init).NodeValue(g)
			b := biasVariable(s, "biases", shapes.Make(dtype, m, out)).NodeValue(g)
			h = DotGeneral(h, []int{2}, []int{0}, w, []int{1}, []int{0}) // [m, batch, out]
			h = Add(h, BroadcastToDims(InsertAxes(b, 1), m, batch, out))
			if layer < cfg.HiddenLayers || cfg.OutputReLU {
				h = relu(h)
			}
		}
		outputs = append(outputs, Reshape(h, m, batch))
		order = append(order, memberIdx...)
	}
	stacked := Concatenate(outputs, 0) // [targets (grouped order), batch]
	inverse := make([]int32, targets)
	for row, t := range order {
		inverse[t] = int32(row)
	}
	return Transpose(Gather(stacked, InsertAxes(Const(g, inverse), 1)), 0, 1)
}
