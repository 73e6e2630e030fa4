package sivae

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// NetworkConfig describes the paper's synthetic gene co-expression network:
// Communities hub-and-spoke communities of CommunitySize genes (one hub
// connected to every other gene of its community, no other edges), plus
// Isolated genes that vary independently.
type NetworkConfig struct {
	Communities   int     `json:"communities"`
	CommunitySize int     `json:"community_size"`
	Isolated      int     `json:"isolated"`
	Cells         int     `json:"cells"`
	Correlation   float64 `json:"correlation"` // ρ of every hub–spoke edge
	Seed          uint64  `json:"seed"`
}

// DefaultNetworkConfig is the paper's network: 5 communities of 50 genes, 50
// isolated genes, 5000 cells, edge correlation 0.6.
func DefaultNetworkConfig() NetworkConfig {
	return NetworkConfig{Communities: 5, CommunitySize: 50, Isolated: 50, Cells: 5000, Correlation: 0.6}
}

// Network is a simulated expression matrix with its ground truth.
type Network struct {
	// Genes are named c1_hub, c1_g02 … c5_g50, iso_01 … (communities first).
	Genes []string
	// Community is the 1-based community of each gene, 0 for isolated genes.
	Community []int
	// Hub marks the hub genes.
	Hub []bool
	// Cells is the number of cells; X is cells × genes, row-major.
	Cells int
	X     []float32
}

// Validate rejects impossible settings.
func (c NetworkConfig) Validate() error {
	switch {
	case c.Communities < 0 || c.Isolated < 0:
		return fmt.Errorf("sivae: negative number of communities (%d) or isolated genes (%d)", c.Communities, c.Isolated)
	case c.Communities > 0 && c.CommunitySize < 2:
		return fmt.Errorf("sivae: community size %d must be ≥ 2 (a hub and a spoke)", c.CommunitySize)
	case c.Communities*c.CommunitySize+c.Isolated < 1:
		return fmt.Errorf("sivae: the network has no genes")
	case c.Cells < 1:
		return fmt.Errorf("sivae: cells %d must be ≥ 1", c.Cells)
	case !(c.Correlation > -1 && c.Correlation < 1):
		return fmt.Errorf("sivae: edge correlation %g must lie in (−1, 1)", c.Correlation)
	}
	return nil
}

// Covariance returns the covariance (= correlation) matrix Σ of the genes,
// row-major. It is the Gaussian graphical model of the network: the
// precision matrix Σ⁻¹ is zero wherever the graph has no edge, as with
// qpgraph's qpG2Sigma that the paper uses, and every edge has marginal
// correlation ρ. For a star with hub h and spokes s_i this model is
// s_i = ρ·h + √(1−ρ²)·ε_i (spokes independent given the hub), so
// Σ_hs = ρ, Σ_{s_i s_j} = ρ², unit variances, and Σ is positive definite
// for any |ρ| < 1 (a hub–spoke-only covariance with zeros between spokes,
// the naive reading, is not: 49·ρ² > 1). Unlike qpG2Sigma, whose precision
// entries are random, this is deterministic; genes of different communities
// and isolated genes are independent.
func (c NetworkConfig) Covariance() []float64 {
	genes := c.Communities*c.CommunitySize + c.Isolated
	cov := make([]float64, genes*genes)
	for i := 0; i < genes; i++ {
		cov[i*genes+i] = 1
	}
	rho := c.Correlation
	for k := 0; k < c.Communities; k++ {
		base := k * c.CommunitySize
		for i := base; i < base+c.CommunitySize; i++ {
			for j := base; j < base+c.CommunitySize; j++ {
				switch {
				case i == j:
				case i == base || j == base:
					cov[i*genes+j] = rho
				default:
					cov[i*genes+j] = rho * rho
				}
			}
		}
	}
	return cov
}

// Simulate samples the network's expression: Cells draws from N(0, Σ) with
// Σ = Covariance(), generated exactly through the hub-and-spoke
// factorisation (hub ~ N(0,1), spoke = ρ·hub + √(1−ρ²)·ε).
func Simulate(c NetworkConfig) (*Network, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	genes := c.Communities*c.CommunitySize + c.Isolated
	n := &Network{Cells: c.Cells, X: make([]float32, c.Cells*genes)}
	for k := 0; k < c.Communities; k++ {
		for i := 0; i < c.CommunitySize; i++ {
			name := fmt.Sprintf("c%d_g%02d", k+1, i+1)
			if i == 0 {
				name = fmt.Sprintf("c%d_hub", k+1)
			}
			n.Genes = append(n.Genes, name)
			n.Community = append(n.Community, k+1)
			n.Hub = append(n.Hub, i == 0)
		}
	}
	for i := 0; i < c.Isolated; i++ {
		n.Genes = append(n.Genes, fmt.Sprintf("iso_%02d", i+1))
		n.Community = append(n.Community, 0)
		n.Hub = append(n.Hub, false)
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0xc0e))
	rho, rest := c.Correlation, math.Sqrt(1-c.Correlation*c.Correlation)
	for cell := 0; cell < c.Cells; cell++ {
		row := n.X[cell*genes : (cell+1)*genes]
		for k := 0; k < c.Communities; k++ {
			base := k * c.CommunitySize
			hub := rng.NormFloat64()
			row[base] = float32(hub)
			for i := 1; i < c.CommunitySize; i++ {
				row[base+i] = float32(rho*hub + rest*rng.NormFloat64())
			}
		}
		for i := c.Communities * c.CommunitySize; i < genes; i++ {
			row[i] = float32(rng.NormFloat64())
		}
	}
	return n, nil
}
