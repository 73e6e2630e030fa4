#!/usr/bin/python3
"""Reference values for regula/nn/dist tests, computed with PyTorch (float64).

Run from this directory:  /usr/bin/python3 make_fixtures.py  > torch_fixtures.json
Outputs:
  bce: torch.nn.BCEWithLogitsLoss(pos_weight=w, reduction='none') on fixed logits/targets;
  nb:  torch.distributions.NegativeBinomial(total_count=theta, probs=mu/(mu+theta)).log_prob(x),
       i.e. NB with mean mu and inverse dispersion theta (no epsilon).
"""
import json

import torch

torch.set_default_dtype(torch.float64)

logits = torch.tensor([-30.0, -4.2, -1.0, -0.1, 0.0, 0.3, 2.5, 7.0, 40.0])
targets = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5, 0.0, 1.0, 0.2, 1.0])
bce = {}
for w in (1.0, 3.5, 0.25):
    loss = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(w), reduction="none")(logits, targets)
    bce[repr(w)] = loss.tolist()

x = torch.tensor([0.0, 0.0, 1.0, 3.0, 7.0, 42.0, 250.0, 12.0])
mu = torch.tensor([0.5, 30.0, 0.5, 4.2, 3.0, 50.5, 180.0, 11.0])
theta = torch.tensor([2.0, 0.3, 2.0, 0.8, 15.0, 1.3, 6.0, 400.0])
nb = torch.distributions.NegativeBinomial(total_count=theta, probs=mu / (mu + theta)).log_prob(x)

print(json.dumps({
    "bce": {"logits": logits.tolist(), "targets": targets.tolist(), "by_pos_weight": bce},
    "nb": {"x": x.tolist(), "mu": mu.tolist(), "theta": theta.tolist(), "log_prob": nb.tolist()},
}, indent=1))
