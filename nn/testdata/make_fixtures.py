#!/usr/bin/env python3
"""Reference values for nn.BatchNorm from torch.nn.BatchNorm1d (torch 1.13, CPU, float64).

Writes batchnorm.json: input x [6,3], output in training mode, running stats after that
one step, output in eval mode afterwards, and d(sum(out*r))/dx in training mode.
"""
import json
import torch

torch.manual_seed(0)
x = torch.randn(6, 3, dtype=torch.float64) * 2 + 1
r = torch.randn(6, 3, dtype=torch.float64)
bn = torch.nn.BatchNorm1d(3).double()  # momentum 0.1, eps 1e-5, weight 1, bias 0
xg = x.clone().requires_grad_(True)
bn.train()
out_train = bn(xg)
(out_train * r).sum().backward()
bn.eval()
out_eval = bn(x)
fixture = {
    "x": x.tolist(),
    "r": r.tolist(),
    "train_out": out_train.detach().tolist(),
    "train_grad_x": xg.grad.tolist(),
    "running_mean": bn.running_mean.tolist(),
    "running_var": bn.running_var.tolist(),
    "eval_out": out_eval.detach().tolist(),
}
with open("batchnorm.json", "w") as f:
    json.dump(fixture, f, indent=1)
