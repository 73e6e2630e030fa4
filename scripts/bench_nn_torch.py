#!/usr/bin/python3
"""PyTorch CPU counterparts of regula's Go neural-network benchmarks, printed beside the Go timings.

Usage:
  scripts/bench_nn_torch.py [--go-results FILE] [--repeats N]

FILE is the output of `go test -bench` over ./nn/... (scripts/bench-nn.sh passes it). Each Go benchmark
named in CASES is re-run here on the same shapes with torch.set_num_threads(2) (the Go benchmarks run on
2 cores), float32, and timed as the median of --repeats runs after two warm-up runs. The table has one
row per Go benchmark: shape, Go ms/op, torch ms, ratio Go/torch ("-" where one side is missing).
Without PyTorch installed, only the Go column is printed.
"""
import argparse
import re
import statistics
import sys
import time

try:
    import torch
except ImportError:  # the Go column is still useful
    torch = None


def per_gene_mlp(t):
    """DeepSEM's shared per-gene MLP 1->128->128->2 (tanh) on 64 cells x 1000 genes, fwd+bwd."""
    x = torch.randn(64, 1000)
    w1, b1 = t.param(1, 128), t.zeros(128)
    w2, b2 = t.param(128, 128), t.zeros(128)
    w3, b3 = t.param(128, 2), t.zeros(2)
    params = [w1, b1, w2, b2, w3, b3]

    def step():
        h = x.unsqueeze(-1)
        h = torch.tanh(h @ w1 + b1)
        h = torch.tanh(h @ w2 + b2)
        out = h @ w3 + b3
        loss = (out ** 2).sum()
        return torch.autograd.grad(loss, params)
    return step


def stack_params(t):
    widths = [2000, 1024, 512, 128]
    params = []
    for a, b in zip(widths, widths[1:]):
        params += [t.param(a, b), t.zeros(b)]
    return params


def stack_forward(x, params):
    h = x
    for i in range(0, len(params), 2):
        h = h @ params[i] + params[i + 1]
        if i + 2 < len(params):
            h = torch.tanh(h)
    return h


def dense_stack(t):
    """2000->1024->512->128 with ReLU after every layer, batch 128, fwd+bwd (gradients only)."""
    x = torch.randn(128, 2000)
    params = stack_params(t)

    def step():
        h = x
        for i in range(0, len(params), 2):
            h = torch.relu(h @ params[i] + params[i + 1])
        loss = (h ** 2).sum()
        return torch.autograd.grad(loss, params)
    return step


def random_graph(n, edges):
    """Symmetric random graph, D^-1/2 (A+I) D^-1/2 as a sparse COO tensor."""
    gen = torch.Generator().manual_seed(5)
    i = torch.randint(0, n, (edges * 2,), generator=gen)
    j = torch.randint(0, n, (edges * 2,), generator=gen)
    keep = i != j
    i, j = i[keep][:edges], j[keep][:edges]
    rows = torch.cat([i, j, torch.arange(n)])
    cols = torch.cat([j, i, torch.arange(n)])
    adj = torch.sparse_coo_tensor(torch.stack([rows, cols]), torch.ones(rows.numel()), (n, n)).coalesce()
    adj = torch.sparse_coo_tensor(adj.indices(), torch.ones_like(adj.values()), (n, n)).coalesce()
    deg = torch.sparse.sum(adj, 1).to_dense()
    r, c = adj.indices()
    vals = deg[r].rsqrt() * deg[c].rsqrt()
    return torch.sparse_coo_tensor(adj.indices(), vals, (n, n)).coalesce()


def gcn(sparse):
    def make(t):
        """2-layer GCN, 2000 genes, 40k undirected edges, 500 cells as features, hidden 32, out 16, fwd+bwd."""
        adj = random_graph(2000, 40000)
        if not sparse:
            adj = adj.to_dense()
        x = torch.randn(2000, 500)
        w1, w2 = t.param(500, 32), t.param(32, 16)
        mm = torch.sparse.mm if sparse else torch.mm

        def step():
            h = torch.relu(mm(adj, x @ w1))
            loss = (mm(adj, h @ w2) ** 2).sum()
            return torch.autograd.grad(loss, [w1, w2])
        return step
    return make


def block_sparse_mlp(t):
    """Per-target MLPs as batched weights: 1000 targets, input 15 TFs + noise, 3 hidden of width 32, batch 128."""
    targets, regs, width, batch = 1000, 15, 32, 128
    gen = torch.Generator().manual_seed(9)
    idx = torch.stack([torch.randperm(100, generator=gen)[:regs] for _ in range(targets)])
    tfs, noise = torch.randn(batch, 100), torch.randn(batch, targets)
    dims = [regs + 1, width, width, width, 1]
    params = []
    for a, b in zip(dims, dims[1:]):
        params += [(torch.randn(targets, a, b) / a ** 0.5).requires_grad_(True), torch.zeros(targets, 1, b, requires_grad=True)]

    def step():
        h = torch.cat([tfs[:, idx], noise.unsqueeze(-1)], dim=-1).transpose(0, 1)  # [targets, batch, regs+1]
        for k in range(0, len(params), 2):
            h = torch.bmm(h, params[k]) + params[k + 1]
            if k + 2 < len(params):
                h = torch.relu(h)
        loss = (h ** 2).sum()
        return torch.autograd.grad(loss, params)
    return step


def deepsem_w(n):
    gen = torch.Generator().manual_seed(n)
    w = torch.full((n, n), 1.0 / (n - 1)) + 0.002 * torch.randn(n, n, generator=gen)
    w.fill_diagonal_(0)
    return w


def inverse_host(n):
    def make(t):
        """torch.linalg.inv(I - W^T), DeepSEM W."""
        a = torch.eye(n) - deepsem_w(n).T
        return lambda: torch.linalg.inv(a)
    return make


def newton_schulz(n):
    def make(t):
        """One Newton-Schulz step X(2I - AX)."""
        a = torch.eye(n) - deepsem_w(n).T
        c = torch.linalg.inv(a)
        return lambda: c @ (2 * torch.eye(n) - a @ c)
    return make


def inverse_grn_layer(n):
    def make(t):
        """z (I - W^T)^-1 for 64 cells via torch.linalg.solve, fwd + gradients w.r.t. z and W."""
        w = deepsem_w(n).requires_grad_(True)
        z = torch.randn(64, n, requires_grad=True)
        eye = torch.eye(n)

        def step():
            a = eye - w.T
            out = torch.linalg.solve(a.T, z.T).T  # z · A^-1
            return torch.autograd.grad((out ** 2).sum(), [z, w])
        return step
    return make


def tanh(grad):
    def make(t):
        """tanh over 64000 x 128 float32 values (value, or value and gradient)."""
        x = torch.randn(64000, 128, requires_grad=grad)
        if not grad:
            return lambda: torch.tanh(x)
        return lambda: torch.autograd.grad(torch.tanh(x).sum(), [x])
    return make


def adam_train_step(t):
    """Same stack, batch 128: forward, backward and torch.optim.Adam step (MSE to a random target)."""
    x, target = torch.randn(128, 2000), torch.randn(128, 128)
    params = stack_params(t)
    opt = torch.optim.Adam(params, lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = ((stack_forward(x, params) - target) ** 2).mean()
        loss.backward()
        opt.step()
    return step


def adam_update(t):
    """torch.optim.Adam step alone on the stack's 2.7M parameters, gradients fixed."""
    params = stack_params(t)
    for p in params:
        p.grad = torch.randn_like(p)
    opt = torch.optim.Adam(params, lr=1e-3, foreach=False)
    return opt.step


def zinb(t):
    """ZINB negative log-likelihood (scVI form) on 256 cells x 2000 genes, fwd + gradients w.r.t.
    log-mean, log-theta and dropout logits."""
    shape = (256, 2000)
    counts = torch.where(torch.rand(shape) < 0.6, torch.randint(0, 30, shape).float(), torch.zeros(shape))
    log_mean, log_theta, logits = (torch.randn(shape, requires_grad=True) for _ in range(3))
    eps = 1e-8

    def step():
        mu, theta = log_mean.exp(), log_theta.exp()
        softplus_neg_logit = torch.nn.functional.softplus(-logits)
        log_theta_mu = torch.log(theta + mu + eps)
        logit_theta = -logits + theta * (torch.log(theta + eps) - log_theta_mu)
        case_zero = torch.nn.functional.softplus(logit_theta) - softplus_neg_logit
        case_nonzero = (logit_theta - softplus_neg_logit + counts * (torch.log(mu + eps) - log_theta_mu)
                        + torch.lgamma(counts + theta) - torch.lgamma(theta) - torch.lgamma(counts + 1))
        nll = -torch.where(counts < eps, case_zero, case_nonzero).mean()
        return torch.autograd.grad(nll, [log_mean, log_theta, logits])
    return step


# Go benchmark name -> (shape shown in the table, torch case or None).
CASES = {
    "BenchmarkPerGeneMLP": ("DeepSEM per-gene MLP 1-128-128-2, 64 cells x 1000 genes, fwd+bwd", per_gene_mlp),
    "BenchmarkPerGeneMLPNaive": ("same, naive formulation", per_gene_mlp),
    "BenchmarkDenseStack": ("dense 2000-1024-512-128 ReLU, batch 128, fwd+bwd", dense_stack),
    "BenchmarkGCN/dense": ("2-layer GCN, 2000 genes x 500 cells, dense adjacency, fwd+bwd", gcn(sparse=False)),
    "BenchmarkGCN/edge-list": ("same, sparse adjacency (40k edges)", gcn(sparse=True)),
    "BenchmarkBlockSparseMLP": ("per-target MLPs, 1000 targets x 15 TFs, 3x32 hidden, batch 128, fwd+bwd",
                                block_sparse_mlp),
    "BenchmarkInverseGRN/host-lu/n=500": ("inverse of I - W^T, n=500", inverse_host(500)),
    "BenchmarkInverseGRN/newton-schulz-step/n=500": ("one Newton-Schulz step, n=500", newton_schulz(500)),
    "BenchmarkInverseGRN/layer-fwd-bwd/n=500": ("inverse GRN layer, 64 cells, n=500, fwd+bwd", inverse_grn_layer(500)),
    "BenchmarkInverseGRN/host-lu/n=1000": ("inverse of I - W^T, n=1000", inverse_host(1000)),
    "BenchmarkInverseGRN/newton-schulz-step/n=1000": ("one Newton-Schulz step, n=1000", newton_schulz(1000)),
    "BenchmarkInverseGRN/layer-fwd-bwd/n=1000": ("inverse GRN layer, 64 cells, n=1000, fwd+bwd", inverse_grn_layer(1000)),
    "BenchmarkTanh/backend": ("tanh, 64000 x 128", tanh(grad=False)),
    "BenchmarkTanh/fast": ("fast tanh, 64000 x 128 (torch: torch.tanh)", tanh(grad=False)),
    "BenchmarkTanh/backend-grad": ("tanh value+gradient, 64000 x 128", tanh(grad=True)),
    "BenchmarkTanh/fast-grad": ("fast tanh value+gradient (torch: torch.tanh)", tanh(grad=True)),
    "BenchmarkAdamTrainStepMLPStack": ("dense 2000-1024-512-128 tanh, batch 128, fwd+bwd+Adam", adam_train_step),
    "BenchmarkAdamUpdateMLPStack": ("Adam update only, 2.7M params", adam_update),
    "BenchmarkZINBForwardBackward": ("ZINB NLL 256 x 2000, fwd+bwd", zinb),
}


class Tensors:
    """Seeded parameter factory (Xavier-normal weights, zero biases)."""

    def __init__(self):
        torch.manual_seed(0)

    @staticmethod
    def param(fan_in, fan_out):
        w = torch.empty(fan_in, fan_out)
        torch.nn.init.xavier_normal_(w)
        return w.requires_grad_(True)

    @staticmethod
    def zeros(n):
        return torch.zeros(n, requires_grad=True)


def time_case(make, repeats):
    step = make(Tensors())
    for _ in range(2):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def parse_go(path):
    """name -> ms/op from `go test -bench` output (first occurrence; sub-benchmarks keep their /suffix)."""
    results = {}
    if not path:
        return results
    with open(path) as f:
        for line in f:
            m = re.match(r"^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op", line)
            if m and m.group(1) not in results:
                results[m.group(1)] = float(m.group(2)) / 1e6
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--go-results", help="output of go test -bench")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    go = parse_go(args.go_results)
    if torch is not None:
        torch.set_num_threads(2)
    else:
        print("bench_nn_torch: PyTorch not installed; printing Go timings only", file=sys.stderr)

    names = list(go) + [n for n in CASES if n not in go]
    rows = []
    for name in names:
        shape, make = CASES.get(name, ("(see the Go benchmark)", None))
        torch_ms = time_case(make, args.repeats) if (torch is not None and make is not None) else None
        go_ms = go.get(name)
        ratio = f"{go_ms / torch_ms:.2f}" if go_ms and torch_ms else "-"
        rows.append((name.removeprefix("Benchmark"), shape,
                     f"{go_ms:.1f}" if go_ms is not None else "-",
                     f"{torch_ms:.1f}" if torch_ms is not None else "-", ratio))

    header = ("benchmark", "shape", "Go ms", "torch ms", "Go/torch")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


if __name__ == "__main__":
    main()
