package deepsem

import "testing"

func TestExploreDatasets(t *testing.T) {
	for _, d := range [][]string{
		{"beeline", "synthetic", "dyn-LL-500-1"}, {"beeline", "synthetic", "dyn-BFC-500-1"}, {"beeline", "synthetic", "dyn-TF-500-1"},
		{"beeline", "synthetic", "dyn-BF-500-1"}, {"beeline", "synthetic", "dyn-LI-500-1"}, {"beeline", "synthetic", "dyn-CY-500-1"},
	} {
		for _, mode := range []Mode{CellType, NonSpecific} {
			cfg := DefaultConfig(mode)
			cfg.Seed = 1
			deep, pearson := scoreOnBEELINE(t, d, cfg, 1)
			t.Logf("%s %s: DeepSEM EPR %.2f AUPRC ratio %.2f; |Pearson| EPR %.2f AUPRC ratio %.2f (k=%d of %d)",
				d[2], mode, deep.EPR, deep.AUPRCRatio, pearson.EPR, pearson.AUPRCRatio, deep.TrueEdges, deep.Candidates)
		}
	}
}
