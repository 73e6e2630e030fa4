#!/usr/bin/python3
"""Reference optimiser trajectories for regula/nn/optim tests, from torch.optim (float64).

Run from this directory:  /usr/bin/python3 make_fixtures.py > torch_trajectories.json

A 3 -> 4 -> 2 tanh MLP (h = tanh(x @ w1 + b1), out = h @ w2 + b2) is fitted to fixed data with the
mean squared error. Each run starts from the same initial parameters and records all parameters after
every optimiser step (gradients clipped by torch.nn.utils.clip_grad_norm_ first where a run gives
clip_norm). A learning-rate scheduler, when present, is stepped once after every optimiser step.
"""
import json

import torch

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20240501)
x = torch.randn(5, 3, generator=gen)
y = torch.randn(5, 2, generator=gen)
init = {
    "w1": torch.randn(3, 4, generator=gen) * 0.7,
    "b1": torch.randn(4, generator=gen) * 0.1,
    "w2": torch.randn(4, 2, generator=gen) * 0.7,
    "b2": torch.randn(2, generator=gen) * 0.1,
}
STEPS = 6

RUNS = [
    {"name": "adam-default", "optimizer": "adam", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8},
    {"name": "adam-l2-amsgrad", "optimizer": "adam", "lr": 0.02, "betas": [0.5, 0.9], "eps": 1e-6,
     "weight_decay": 0.05, "amsgrad": True},
    {"name": "adamw-amsgrad-exp-decay", "optimizer": "adamw", "lr": 0.03, "betas": [0.5, 0.9], "eps": 1e-8,
     "weight_decay": 0.01, "amsgrad": True, "schedule": {"kind": "exponential", "gamma": 0.8, "period": 1}},
    {"name": "rmsprop-default", "optimizer": "rmsprop", "lr": 0.01, "alpha": 0.99, "eps": 1e-8},
    {"name": "rmsprop-centered-momentum-l2", "optimizer": "rmsprop", "lr": 0.005, "alpha": 0.9, "eps": 1e-8,
     "momentum": 0.9, "centered": True, "weight_decay": 0.001,
     "schedule": {"kind": "staircase", "gamma": 0.5, "period": 2}},
    {"name": "rmsprop-multistep", "optimizer": "rmsprop", "lr": 0.01, "alpha": 0.99, "eps": 1e-8,
     "schedule": {"kind": "multistep", "gamma": 0.1, "milestones": [2, 4]}},
    {"name": "adam-l2-clip-norm", "optimizer": "adam", "lr": 0.05, "betas": [0.9, 0.999], "eps": 1e-8,
     "weight_decay": 0.05, "clip_norm": 0.3},
]


def make_optimizer(run, params):
    wd = run.get("weight_decay", 0.0)
    if run["optimizer"] == "adam":
        return torch.optim.Adam(params, lr=run["lr"], betas=run["betas"], eps=run["eps"],
                                weight_decay=wd, amsgrad=run.get("amsgrad", False))
    if run["optimizer"] == "adamw":
        return torch.optim.AdamW(params, lr=run["lr"], betas=run["betas"], eps=run["eps"],
                                 weight_decay=wd, amsgrad=run.get("amsgrad", False))
    return torch.optim.RMSprop(params, lr=run["lr"], alpha=run["alpha"], eps=run["eps"], weight_decay=wd,
                               momentum=run.get("momentum", 0.0), centered=run.get("centered", False))


def make_scheduler(run, opt):
    s = run.get("schedule")
    if s is None:
        return None
    if s["kind"] == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=s["gamma"])
    if s["kind"] == "staircase":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=s["period"], gamma=s["gamma"])
    return torch.optim.lr_scheduler.MultiStepLR(opt, milestones=s["milestones"], gamma=s["gamma"])


for run in RUNS:
    params = {k: v.clone().requires_grad_(True) for k, v in init.items()}
    opt = make_optimizer(run, list(params.values()))
    sched = make_scheduler(run, opt)
    trajectory = []
    for _ in range(STEPS):
        opt.zero_grad()
        out = torch.tanh(x @ params["w1"] + params["b1"]) @ params["w2"] + params["b2"]
        loss = ((out - y) ** 2).mean()
        loss.backward()
        if "clip_norm" in run:
            torch.nn.utils.clip_grad_norm_(list(params.values()), run["clip_norm"])
        opt.step()
        if sched is not None:
            sched.step()
        trajectory.append({k: v.detach().tolist() for k, v in params.items()})
    run["trajectory"] = trajectory

print(json.dumps({"x": x.tolist(), "y": y.tolist(), "init": {k: v.tolist() for k, v in init.items()},
                  "runs": RUNS}))
