package plot

import (
	"image/color"
	"math"
)

// categorical is a 20-colour qualitative palette (the tab20-like ordering
// scanpy uses for up to 20 categories: strong colours first).
var categorical = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
	{188, 189, 34, 255}, {23, 190, 207, 255}, {174, 199, 232, 255}, {255, 187, 120, 255},
	{152, 223, 138, 255}, {255, 152, 150, 255}, {197, 176, 213, 255}, {196, 156, 148, 255},
	{247, 182, 210, 255}, {199, 199, 199, 255}, {219, 219, 141, 255}, {158, 218, 229, 255},
}

// CategoryColor returns the colour of category i; beyond 20 categories the
// hues are spread evenly around the colour wheel.
func CategoryColor(i, n int) color.Color {
	if n <= len(categorical) {
		return categorical[i%len(categorical)]
	}
	h := float64(i) / float64(n)
	return hsv(h, 0.65, 0.85)
}

func hsv(h, s, v float64) color.RGBA {
	i := math.Floor(h * 6)
	f := h*6 - i
	p, q, t := v*(1-s), v*(1-f*s), v*(1-(1-f)*s)
	var r, g, b float64
	switch int(i) % 6 {
	case 0:
		r, g, b = v, t, p
	case 1:
		r, g, b = q, v, p
	case 2:
		r, g, b = p, v, t
	case 3:
		r, g, b = p, q, v
	case 4:
		r, g, b = t, p, v
	default:
		r, g, b = v, p, q
	}
	return color.RGBA{uint8(r * 255), uint8(g * 255), uint8(b * 255), 255}
}

// viridisAnchors are nine evenly spaced samples of matplotlib's viridis.
var viridisAnchors = [][3]float64{
	{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
	{39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37},
}

// Viridis maps t in [0,1] to the viridis colour map (clamped outside).
func Viridis(t float64) color.Color {
	if math.IsNaN(t) {
		return color.RGBA{200, 200, 200, 255}
	}
	t = math.Max(0, math.Min(1, t))
	x := t * float64(len(viridisAnchors)-1)
	i := int(x)
	if i >= len(viridisAnchors)-1 {
		i = len(viridisAnchors) - 2
	}
	f := x - float64(i)
	a, b := viridisAnchors[i], viridisAnchors[i+1]
	return color.RGBA{uint8(a[0] + f*(b[0]-a[0])), uint8(a[1] + f*(b[1]-a[1])), uint8(a[2] + f*(b[2]-a[2])), 255}
}

// diverging maps t in [-1,1] to blue–white–red.
func diverging(t float64) color.Color {
	if math.IsNaN(t) {
		return color.RGBA{200, 200, 200, 255}
	}
	t = math.Max(-1, math.Min(1, t))
	if t < 0 {
		f := -t
		return color.RGBA{uint8(255 - f*(255-59)), uint8(255 - f*(255-76)), uint8(255 - f*(255-192)), 255}
	}
	return color.RGBA{uint8(255 - t*(255-180)), uint8(255 - t*(255-4)), uint8(255 - t*(255-38)), 255}
}
