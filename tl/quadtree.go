package tl

// quadtree is the Barnes–Hut space partition of a 2-D embedding: each cell
// stores the number of points below it and their coordinate sums (so the
// centre of mass is sum/count). Coincident points share a leaf.
type quadtree struct {
	nodes []qnode
	pts   []float64 // the embedding, row-major n×2
}

type qnode struct {
	x0, y0, w    float64 // lower-left corner and side length
	sumX, sumY   float64
	count        int32
	child        int32 // index of the first of 4 children, −1 for a leaf
	point        int32 // for a non-empty leaf, one of its (coincident) points
	depthReached bool  // leaf at the depth limit: holds distinct points
}

const quadtreeMaxDepth = 50

func buildQuadtree(pts []float64) *quadtree {
	n := len(pts) / 2
	minX, minY, maxX, maxY := pts[0], pts[1], pts[0], pts[1]
	for i := 1; i < n; i++ {
		minX, maxX = min(minX, pts[2*i]), max(maxX, pts[2*i])
		minY, maxY = min(minY, pts[2*i+1]), max(maxY, pts[2*i+1])
	}
	w := max(maxX-minX, maxY-minY)
	w = w*(1+1e-5) + 1e-12
	t := &quadtree{pts: pts, nodes: make([]qnode, 1, 2*n+1)}
	t.nodes[0] = qnode{x0: minX, y0: minY, w: w, child: -1, point: -1}
	for i := range n {
		t.insert(int32(i))
	}
	return t
}

func (t *quadtree) insert(i int32) {
	x, y := t.pts[2*i], t.pts[2*i+1]
	node, depth := int32(0), 0
	for {
		nd := &t.nodes[node]
		nd.count++
		nd.sumX += x
		nd.sumY += y
		if nd.child < 0 {
			if nd.count == 1 {
				nd.point = i
				return
			}
			p := nd.point
			px, py := t.pts[2*p], t.pts[2*p+1]
			if (px == x && py == y) || depth >= quadtreeMaxDepth {
				if px != x || py != y {
					nd.depthReached = true
				}
				return
			}
			// Split: the existing (coincident) points move to one child.
			t.split(node)
			nd = &t.nodes[node]
			old := nd.count - 1
			c := t.quadrant(node, px, py)
			cn := &t.nodes[c]
			cn.count, cn.sumX, cn.sumY, cn.point = old, px*float64(old), py*float64(old), p
		}
		node = t.quadrant(node, x, y)
		depth++
	}
}

func (t *quadtree) split(node int32) {
	first := int32(len(t.nodes))
	nd := t.nodes[node]
	h := nd.w / 2
	for q := range 4 {
		t.nodes = append(t.nodes, qnode{
			x0: nd.x0 + h*float64(q&1), y0: nd.y0 + h*float64(q>>1), w: h,
			child: -1, point: -1,
		})
	}
	t.nodes[node].child = first
}

func (t *quadtree) quadrant(node int32, x, y float64) int32 {
	nd := &t.nodes[node]
	h := nd.w / 2
	q := int32(0)
	if x >= nd.x0+h {
		q |= 1
	}
	if y >= nd.y0+h {
		q |= 2
	}
	return nd.child + q
}

// repulsion returns, for point i, Σ_j q_ij² (y_i − y_j) and Σ_j q_ij over
// all j ≠ i with q = 1/(1 + |y_i − y_j|²), approximating cells that look
// smaller than theta from y_i by their centre of mass. stack is scratch.
func (t *quadtree) repulsion(i int, theta float64, stack []int32) (fx, fy, sumQ float64, _ []int32) {
	x, y := t.pts[2*i], t.pts[2*i+1]
	theta2 := theta * theta
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		node := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &t.nodes[node]
		if nd.count == 0 {
			continue
		}
		cnt := float64(nd.count)
		cx, cy := nd.sumX/cnt, nd.sumY/cnt
		dx, dy := x-cx, y-cy
		d2 := dx*dx + dy*dy
		if nd.child >= 0 && nd.w*nd.w >= theta2*d2 {
			stack = append(stack, nd.child, nd.child+1, nd.child+2, nd.child+3)
			continue
		}
		if nd.child < 0 && nd.depthReached {
			// Rare: distinct points at the depth limit; the centre of mass
			// stands for them, excluding i if it is one of them.
			if t.contains(node, x, y) {
				cnt--
				if cnt == 0 {
					continue
				}
				cx, cy = (nd.sumX-x)/cnt, (nd.sumY-y)/cnt
				dx, dy = x-cx, y-cy
				d2 = dx*dx + dy*dy
			}
		} else if nd.child < 0 && d2 == 0 {
			cnt-- // i itself (and coincident points at distance 0)
		}
		q := 1 / (1 + d2)
		sumQ += cnt * q
		fx += cnt * q * q * dx
		fy += cnt * q * q * dy
	}
	return fx, fy, sumQ, stack
}

func (t *quadtree) contains(node int32, x, y float64) bool {
	nd := &t.nodes[node]
	return x >= nd.x0 && x < nd.x0+nd.w && y >= nd.y0 && y < nd.y0+nd.w
}
