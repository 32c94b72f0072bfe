#!/usr/bin/python3
"""Generate the golden optimizer trajectories in tests/golden/*.json.

Run with Debian's interpreter, which has torch 1.13 (the default python3 on PATH may not):

    /usr/bin/python3 tests/golden/generate.py

For every problem (three 2-D test functions and one least-squares problem) and every
optimizer case, this runs the PyTorch 1.13 optimizer in float32 for STEPS steps and records
the parameters before the first step and after every step, with the loss at each of them.
The C++ tests replay these trajectories; CI does not need torch.

The script is deterministic: fixed seed, deterministic algorithms, one thread, the
single-tensor (foreach=False) optimizer code path. It asserts that every trajectory is
finite, that it moves, that it lowers the loss, that two float32 runs agree bit for bit,
and that the float32 run stays close to the same run in float64 (so a faithful float32
C++ implementation, whose rounding differs from torch's by a few ulps per operation, can
be checked with a modest tolerance). See README.md beside this file.
"""
import inspect
import json
import os
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "tests/golden/generate.py"
STEPS = 200
SEED = 0

# Largest allowed deviation between the float32 and float64 runs of one case, measured as
# max over steps of max_i |p32_i - p64_i| / max(1, max_i |p64_i|). Cases above this are
# too ill-conditioned to serve as a float32 golden and make the script fail.
MAX_F64_DEV = 1e-4
# The same measure for the teacher-forced replay (see replay()): each step starts from the
# golden params[k] and grad[k], so only one step's rounding shows, not its amplification.
MAX_ONESTEP_DEV = 1e-5

# ---------------------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------------------
torch.manual_seed(SEED)
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)

# ---------------------------------------------------------------------------------------
# PyTorch 1.13's NAdam multiplies mu_t twice into the look-ahead product
# (mu_product_next = mu_product * mu * mu_next); PyTorch 2.0 fixed it to
# mu_product * mu_next, which is what "Incorporating Nesterov Momentum into Adam" (Dozat,
# 2016) prescribes and what Descent implements. Patch the single-tensor path to the fixed
# line so the goldens follow the paper; fail loudly if the source is not the expected one.
# ---------------------------------------------------------------------------------------


def _patch_nadam():
    import torch.optim.nadam as nadam_module
    source = inspect.getsource(nadam_module._single_tensor_nadam)
    buggy = "mu_product_next = mu_product * mu * mu_next"
    if buggy not in source:
        assert torch.__version__.split(".")[0] != "1", "unexpected NAdam source in torch 1.x"
        return
    namespace = dict(vars(nadam_module))
    exec(compile(source.replace(buggy, "mu_product_next = mu_product * mu_next"),
                 nadam_module.__file__, "exec"), namespace)
    nadam_module._single_tensor_nadam = namespace["_single_tensor_nadam"]


_patch_nadam()

# ---------------------------------------------------------------------------------------
# Float formatting: every float32 value is written as the shortest decimal string that
# reads back (decimal -> double -> float32) to exactly the same float32.
# ---------------------------------------------------------------------------------------


def f32(v):
    """A Python float whose repr is the shortest round-trip string of float32(v)."""
    x = np.float32(v)
    out = float(repr(x)) if np.isfinite(x) else float(x)
    # The C++ side parses JSON numbers as double and casts to float: check that path.
    assert np.float32(out) == x or (np.isnan(x) and np.isnan(np.float32(out))), (v, out)
    return out


def f32_list(t):
    return [f32(v) for v in t.detach().cpu().numpy().astype(np.float32).ravel().tolist()]


def f32_matrix(t):
    return [f32_list(row) for row in t]


# ---------------------------------------------------------------------------------------
# Optimizers. Our config names follow the torch constructor arguments, betas split in two.
# Every hyperparameter is always written, defaults included.
# ---------------------------------------------------------------------------------------

DEFAULTS = {
    "sgd": dict(lr=None, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0),
    "adagrad": dict(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
                    eps=1e-10),
    "rmsprop": dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                    centered=False),
    "adadelta": dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0),
    "adam": dict(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, amsgrad=False),
    "adamw": dict(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2, amsgrad=False),
    "adamax": dict(lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0),
    "nadam": dict(lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0,
                  momentum_decay=4e-3),
    "radam": dict(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0),
    # Adam with amsgrad=True under its own name: same hyperparameters minus the flag.
    "amsgrad": dict(lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0),
}

TORCH_CLASS = {
    "sgd": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adadelta": "Adadelta",
    "adam": "Adam", "adamw": "AdamW", "adamax": "Adamax", "nadam": "NAdam", "radam": "RAdam",
    "amsgrad": "Adam",
}


def check_defaults_against_torch():
    """Our DEFAULTS table must agree with the installed torch's constructor defaults."""
    for name, ours in DEFAULTS.items():
        sig = inspect.signature(getattr(torch.optim, TORCH_CLASS[name]).__init__).parameters
        for key, val in ours.items():
            if key in ("beta1", "beta2"):
                tv = sig["betas"].default[0 if key == "beta1" else 1]
            elif key == "lr" and val is None:
                continue  # SGD's lr is required
            else:
                tv = sig[key].default
            assert float(tv) == float(val), (name, key, tv, val)


def opt_config(name, **overrides):
    """Full config for one case: {"name": ..., every hyperparameter...}."""
    base = dict(DEFAULTS[name])
    for k in overrides:
        assert k in base, (name, k)
    base.update(overrides)
    cfg = {"name": name}
    for k, v in base.items():
        assert v is not None, (name, k)
        cfg[k] = bool(v) if isinstance(v, bool) else float(v)
    return cfg


def torch_kwargs(cfg):
    """Constructor keyword arguments for torch.optim.<Class>, in signature order."""
    name = cfg["name"]
    kw = {}
    for k, v in cfg.items():
        if k in ("name", "beta1", "beta2"):
            continue
        kw[k] = v
    if "beta1" in cfg:
        kw["betas"] = (cfg["beta1"], cfg["beta2"])
    if name == "amsgrad":
        kw["amsgrad"] = True
    kw["foreach"] = False  # the single-tensor path (also torch 1.13's default on CPU)
    order = list(inspect.signature(getattr(torch.optim, TORCH_CLASS[name]).__init__).parameters)
    return {k: kw[k] for k in sorted(kw, key=order.index)}


def torch_call(cfg):
    args = ", ".join("%s=%r" % (k, v) for k, v in torch_kwargs(cfg).items())
    return "torch.optim.%s([p], %s)" % (TORCH_CLASS[cfg["name"]], args)


def make_optimizer(cfg, params):
    return getattr(torch.optim, TORCH_CLASS[cfg["name"]])(params, **torch_kwargs(cfg))


def fmt(v):
    return ("%g" % v) if isinstance(v, float) else str(v).lower()


def case_id(cfg, tag=None):
    """adam_lr0.01, sgd_lr0.001_momentum0.9_nesterov, ... (non-default settings only)."""
    parts = [cfg["name"], "lr" + fmt(cfg["lr"])]
    for k, v in cfg.items():
        if k in ("name", "lr") or DEFAULTS[cfg["name"]].get(k) == v:
            continue
        if isinstance(v, bool):
            parts.append(k if v else "no_" + k)
        else:
            parts.append(k + fmt(v))
    if tag:
        parts.append(tag)
    return "_".join(parts)


def optimizer_cases(lr):
    """The optimizer settings for one problem. `lr` holds the problem-specific choices:
    "sgd" for plain gradient steps (scale-dependent), "adapt" for the Adam family and
    Adagrad (scale-free), "rmsprop", "radam" (whose first 5 steps are un-normalised
    momentum steps) and "adadelta", a list of full Adadelta settings: Adadelta is the
    most rounding-sensitive method here, so its settings are picked per problem among
    those whose float32 run stays within MAX_F64_DEV of the float64 one."""
    s, a, m, r = lr["sgd"], lr["adapt"], lr["rmsprop"], lr["radam"]
    cases = [
        # SGD
        opt_config("sgd", lr=s),
        opt_config("sgd", lr=s / 2, momentum=0.9),
        opt_config("sgd", lr=s / 2, momentum=0.9, dampening=0.5),
        opt_config("sgd", lr=s / 2, momentum=0.9, nesterov=True),
        opt_config("sgd", lr=s, weight_decay=0.1),
        opt_config("sgd", lr=s / 2, momentum=0.8, weight_decay=0.05, nesterov=True),
        # Adagrad
        opt_config("adagrad", lr=5 * a),
        opt_config("adagrad", lr=10 * a, lr_decay=0.01),
        opt_config("adagrad", lr=5 * a, initial_accumulator_value=0.1),
        opt_config("adagrad", lr=5 * a, weight_decay=0.1),
        opt_config("adagrad", lr=10 * a, lr_decay=0.005, weight_decay=0.05,
                   initial_accumulator_value=0.5, eps=1e-6),
        # RMSprop
        opt_config("rmsprop", lr=m),
        opt_config("rmsprop", lr=m, centered=True),
        opt_config("rmsprop", lr=m / 5, momentum=0.9),
        opt_config("rmsprop", lr=m, weight_decay=0.1),
        opt_config("rmsprop", lr=m / 2, momentum=0.9, centered=True),
        opt_config("rmsprop", lr=m / 5, alpha=0.95, eps=1e-6, weight_decay=0.01, momentum=0.9,
                   centered=True),
    ]
    cases += [opt_config("adadelta", **kw) for kw in lr["adadelta"]]
    cases += [
        # Adam
        opt_config("adam", lr=a),
        opt_config("adam", lr=a / 5),
        opt_config("adam", lr=a, beta1=0.8, beta2=0.99),
        opt_config("adam", lr=a, weight_decay=0.1),
        opt_config("adam", lr=a, eps=1e-3),
        # Adam with amsgrad, both as adam(amsgrad=true) and as "amsgrad"
        opt_config("adam", lr=a, amsgrad=True),
        opt_config("adam", lr=a / 2, beta1=0.8, beta2=0.99, weight_decay=0.05, amsgrad=True),
        opt_config("amsgrad", lr=a),
        opt_config("amsgrad", lr=a / 2, beta1=0.8, beta2=0.99, weight_decay=0.05),
        # AdamW
        opt_config("adamw", lr=a),
        opt_config("adamw", lr=a, weight_decay=0.1),
        opt_config("adamw", lr=a / 2, beta1=0.8, beta2=0.99, weight_decay=0.5, amsgrad=True),
        # Adamax
        opt_config("adamax", lr=a),
        opt_config("adamax", lr=2 * a, beta1=0.8, beta2=0.99),
        opt_config("adamax", lr=a, weight_decay=0.1),
        # NAdam (momentum_decay at its default)
        opt_config("nadam", lr=a),
        opt_config("nadam", lr=a / 2, beta1=0.8, beta2=0.99),
        opt_config("nadam", lr=a, weight_decay=0.1),
        # RAdam
        opt_config("radam", lr=r),
        opt_config("radam", lr=r / 2, beta1=0.8, beta2=0.99),
        opt_config("radam", lr=r, weight_decay=0.1),
    ]
    ids = [case_id(c) for c in cases]
    assert len(set(ids)) == len(ids), ids
    return list(zip(ids, cases))


# ---------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def beale(p):
    x, y = p[0], p[1]
    return ((1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2
            + (2.625 - x + x * y ** 3) ** 2)


def himmelblau(p):
    x, y = p[0], p[1]
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2


FUNCTIONS = [
    # name, f, formula (as evaluated in torch, float32), start, learning rates
    ("rosenbrock", rosenbrock, "(1-x)**2 + 100*(y-x**2)**2", [-1.5, 2.0], {
        "sgd": 1e-3, "adapt": 0.02, "rmsprop": 0.005, "radam": 2e-3,
        "adadelta": [dict(lr=1.0, eps=1e-3),
                     dict(lr=0.3, eps=1e-2, weight_decay=0.1),
                     dict(lr=5.0, rho=0.95, eps=1e-4, weight_decay=0.1)]}),
    ("beale", beale, "(1.5-x+x*y)**2 + (2.25-x+x*y**2)**2 + (2.625-x+x*y**3)**2", [1.0, 1.5], {
        "sgd": 1e-3, "adapt": 0.02, "rmsprop": 0.01, "radam": 5e-3,
        "adadelta": [dict(lr=0.5, rho=0.95, eps=1e-3),
                     dict(lr=2.0, eps=1e-5),
                     dict(lr=3.0, rho=0.95, eps=1e-5, weight_decay=0.05)]}),
    ("himmelblau", himmelblau, "(x**2+y-11)**2 + (x+y**2-7)**2", [-1.0, -1.0], {
        "sgd": 5e-3, "adapt": 0.05, "rmsprop": 0.01, "radam": 0.01,
        "adadelta": [dict(lr=1.0),
                     dict(lr=1.0, eps=1e-5),
                     dict(lr=5.0, rho=0.95, eps=1e-4, weight_decay=0.1)]}),
]
LS_RATES = {
    "sgd": 0.1, "adapt": 0.02, "rmsprop": 0.01, "radam": 0.02,
    "adadelta": [dict(lr=0.5, rho=0.95, eps=1e-3),
                 dict(lr=0.1, eps=1e-2),
                 dict(lr=0.3, eps=1e-2, weight_decay=0.1),
                 dict(lr=3.0, rho=0.95, eps=1e-5, weight_decay=0.05)]}

LS_LOSS = "0.5*mean((A@w-b)**2)"
LS_COLUMN_SCALES = [2.0, 1.0, 0.5, 0.25]  # uneven curvature, so adaptivity matters


def make_least_squares():
    g = torch.Generator().manual_seed(SEED)
    A = torch.randn(16, 4, generator=g) * torch.tensor(LS_COLUMN_SCALES)
    w_true = torch.randn(4, generator=g)
    b = A @ w_true + 0.1 * torch.randn(16, generator=g)
    w0 = torch.randn(4, generator=g)
    # Round-trip through the written representation so torch uses exactly the file's data.
    A = torch.tensor(f32_matrix(A), dtype=torch.float32)
    b = torch.tensor(f32_list(b), dtype=torch.float32)
    w0 = torch.tensor(f32_list(w0), dtype=torch.float32)
    return A, b, w0


# ---------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------


def run(loss_fn, start, cfg, steps, dtype):
    """Free run: returns params (steps+1, n), losses (steps+1,), grads (steps, n)."""
    p = start.clone().to(dtype).requires_grad_(True)
    opt = make_optimizer(cfg, [p])
    params, losses, grads = [], [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(p)
        params.append(p.detach().clone())
        losses.append(loss.detach().clone())
        loss.backward()
        grads.append(p.grad.detach().clone())
        opt.step()
    with torch.no_grad():
        params.append(p.detach().clone())
        losses.append(loss_fn(p).detach().clone())
    return torch.stack(params), torch.stack(losses), torch.stack(grads)


def replay(P, G, cfg, dtype):
    """Teacher-forced replay: before step k+1, p is set to the golden params[k] and its
    gradient to the golden grad[k]; the optimizer state is carried on. Returns the params
    after each step, to compare with params[1:]."""
    p = torch.zeros(P.shape[1], dtype=dtype, requires_grad=True)
    opt = make_optimizer(cfg, [p])
    out = []
    for k in range(G.shape[0]):
        with torch.no_grad():
            p.copy_(P[k].to(dtype))
        p.grad = G[k].to(dtype).clone()
        opt.step()
        out.append(p.detach().clone())
    return torch.stack(out)


def rel_dev(X, Ref):
    """max over rows of max_i |X_i - Ref_i| / max(1, max_i |Ref_i|)."""
    Ref = Ref.double()
    scale = Ref.abs().max(dim=1).values.clamp(min=1.0)
    return ((X.double() - Ref).abs().max(dim=1).values / scale).max().item()


def check_case(pid, cid, cfg, P, L, G, P2, L2, P64, failures):
    """Appends to `failures` every check this case fails; returns (moved, free-run f64
    deviation, one-step f64 deviation)."""
    def require(ok, what):
        if not ok:
            failures.append("%s/%s: %s" % (pid, cid, what))
    require(bool(torch.isfinite(P).all() and torch.isfinite(L).all()
                 and torch.isfinite(G).all()), "not finite")
    require(torch.equal(P, P2) and torch.equal(L, L2), "two float32 runs differ")
    require(torch.equal(replay(P, G, cfg, torch.float32), P[1:]),
            "float32 teacher-forced replay differs from the free run")
    moved = (P - P[0]).abs().max().item()
    require(moved > 0.05, "does not move (max |p-p0| = %g)" % moved)
    require(L[-1].item() < L[0].item(),
            "loss did not decrease (%g -> %g)" % (L[0].item(), L[-1].item()))
    dev = rel_dev(P, P64)
    require(dev < MAX_F64_DEV, "float32 vs float64 free-run deviation %g >= %g"
            % (dev, MAX_F64_DEV))
    dev1 = rel_dev(replay(P, G, cfg, torch.float64), P[1:])
    require(dev1 < MAX_ONESTEP_DEV, "float32 vs float64 one-step deviation %g >= %g"
            % (dev1, MAX_ONESTEP_DEV))
    return moved, dev, dev1


def torch_version_string():
    v = torch.__version__
    try:
        pkg = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"],
                             capture_output=True, text=True, check=True).stdout.strip()
        if pkg:
            v += " (Debian python3-torch %s)" % pkg
    except (OSError, subprocess.CalledProcessError):
        pass
    return v


def notes(problem):
    if problem["kind"] == "function":
        setup = ("p = torch.tensor(problem.start, dtype=torch.float32, requires_grad=True); "
                 "f(p) = problem.formula with x = p[0], y = p[1], in float32")
    else:
        setup = ("A, b = torch.tensor(problem.A), torch.tensor(problem.b) (float32); "
                 "p = torch.tensor(problem.w0, dtype=torch.float32, requires_grad=True); "
                 "f(p) = 0.5 * ((A @ p - b) ** 2).mean()")
    return (
        setup + "; opt = <case.torch_call>; for k in range(steps): opt.zero_grad(); "
        "loss = f(p); loss.backward(); opt.step(). "
        "params[k], loss[k], grad[k] are p, f(p) and p.grad before step k+1; params[steps] "
        "and loss[steps] are after the last step (steps+1 entries; grad has steps entries). "
        "foreach=False (the single-tensor path, torch 1.13's CPU default), one thread, "
        "torch.use_deterministic_algorithms(True). Numbers are float32 values written as the "
        "shortest decimal that reads back to the same float32 (parse as double, cast to "
        "float). f64_max_dev: max over steps of max_i|p32_i-p64_i|/max(1,max_i|p64_i|) "
        "between this run and the same run in float64 (how much the case amplifies "
        "rounding). f64_onestep_max_dev: the same measure for a teacher-forced float64 "
        "replay, each step started from params[k] with gradient grad[k].")


def build_file(pid, problem, loss_fn, start, cases, summary, failures):
    out_cases = []
    for cid, cfg in cases:
        P, L, G = run(loss_fn, start, cfg, STEPS, torch.float32)
        P2, L2, _ = run(loss_fn, start, cfg, STEPS, torch.float32)
        P64, _, _ = run(loss_fn64(problem, loss_fn), start, cfg, STEPS, torch.float64)
        moved, dev, dev1 = check_case(pid, cid, cfg, P, L, G, P2, L2, P64, failures)
        out_cases.append({
            "id": cid,
            "optimizer": cfg,
            "torch_call": torch_call(cfg),
            "steps": STEPS,
            "f64_max_dev": float("%.2g" % dev),
            "f64_onestep_max_dev": float("%.2g" % dev1),
            "params": [f32_list(row) for row in P],
            "loss": f32_list(L),
            "grad": [f32_list(row) for row in G],
        })
        summary.append((pid, cid, L[0].item(), L[-1].item(), moved, dev, dev1))
    doc = {
        "generator": GENERATOR,
        "torch_version": torch_version_string(),
        "dtype": "float32",
        "problem": problem,
        "notes": notes(problem),
        "cases": out_cases,
    }
    return os.path.join(HERE, pid + ".json"), doc


_LS64 = {}


def loss_fn64(problem, loss_fn):
    """The float64 twin of a loss (the 2-D formulas are dtype-generic already)."""
    if problem["kind"] != "least_squares":
        return loss_fn
    A = torch.tensor(problem["A"], dtype=torch.float64)
    b = torch.tensor(problem["b"], dtype=torch.float64)
    return lambda w: 0.5 * ((A @ w - b) ** 2).mean()


# ----- ReduceLROnPlateau: the learning rate after each scheduler.step(metric) -----

PLATEAU_FILE = "reduce_on_plateau.json"


def plateau_losses():
    """A fixed, hand-shaped loss sequence: a fast descent, a long plateau with tiny wiggles,
    a second descent, a slow creep (improvements below a relative threshold of 1e-2), and a
    noisy tail. Written out so that no RNG is involved."""
    seq = [1.0 / (1 + 0.5 * k) for k in range(12)]                       # descent
    seq += [0.15 + 0.001 * ((k * 7) % 5) for k in range(15)]              # plateau
    seq += [0.15 * 0.8 ** k for k in range(1, 9)]                         # second descent
    last = seq[-1]
    seq += [last * (1 - 0.003 * k) for k in range(1, 16)]                 # slow creep
    seq += [last * 0.95 + 0.004 * (((k * 13) % 7) - 3) for k in range(20)]  # noise
    return [float("%.6g" % v) for v in seq]


def plateau_cases():
    return [
        {"factor": 0.1, "patience": 10, "threshold": 1e-4, "threshold_mode": "rel",
         "cooldown": 0, "min_lr": 0.0},
        {"factor": 0.5, "patience": 2, "threshold": 1e-4, "threshold_mode": "rel",
         "cooldown": 0, "min_lr": 0.0},
        {"factor": 0.5, "patience": 2, "threshold": 1e-2, "threshold_mode": "rel",
         "cooldown": 3, "min_lr": 0.0},
        {"factor": 0.3, "patience": 1, "threshold": 0.005, "threshold_mode": "abs",
         "cooldown": 1, "min_lr": 0.05},
        {"factor": 0.5, "patience": 0, "threshold": 0.0, "threshold_mode": "abs",
         "cooldown": 0, "min_lr": 0.01},
    ]


def plateau_golden():
    losses = plateau_losses()
    cases = []
    for cfg in plateau_cases():
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=1.0)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(
            opt, mode="min", factor=cfg["factor"], patience=cfg["patience"],
            threshold=cfg["threshold"], threshold_mode=cfg["threshold_mode"],
            cooldown=cfg["cooldown"], min_lr=cfg["min_lr"])
        lrs = []
        for loss in losses:
            sched.step(loss)
            lrs.append(opt.param_groups[0]["lr"])
        assert len(set(lrs)) > 1, "case never reduces: %r" % cfg
        cases.append({"params": cfg, "lr": lrs})
    return {
        "generator": GENERATOR,
        "torch_version": torch_version_string(),
        "notes": ("opt = torch.optim.SGD([p], lr=1.0); sched = torch.optim.lr_scheduler."
                  "ReduceLROnPlateau(opt, mode='min', **case.params) (eps 1e-8 default); "
                  "for loss in losses: sched.step(loss); lr.append(opt.param_groups[0]['lr'])"),
        "losses": losses,
        "cases": cases,
    }


def write_plateau():
    path = os.path.join(HERE, PLATEAU_FILE)
    with open(path, "w") as fh:
        json.dump(plateau_golden(), fh, separators=(",", ":"), allow_nan=False)
        fh.write("\n")
    print("%-34s %9d bytes" % ("tests/golden/" + PLATEAU_FILE, os.path.getsize(path)))


def main():
    if sys.argv[1:] == ["schedules"]:  # only the schedule goldens (no optimizer runs)
        write_plateau()
        return 0
    check_defaults_against_torch()
    summary, failures, files = [], [], []
    for name, fn, formula, start, lrs in FUNCTIONS:
        problem = {"kind": "function", "name": name, "formula": formula, "start": start}
        start_t = torch.tensor(start, dtype=torch.float32)
        files.append(build_file(name, problem, fn, start_t, optimizer_cases(lrs), summary,
                                failures))

    A, b, w0 = make_least_squares()
    problem = {
        "kind": "least_squares",
        "name": "least_squares",
        "A": f32_matrix(A),
        "b": f32_list(b),
        "w0": f32_list(w0),
        "loss": LS_LOSS,
        "data_note": ("A (16x4) = randn(16,4) * column scales %s, b = A@w_true + 0.1*randn(16), "
                      "w0 = randn(4), from torch.Generator().manual_seed(%d); the values above "
                      "are authoritative, no RNG needed" % (LS_COLUMN_SCALES, SEED)),
    }

    def ls_loss(w):
        return 0.5 * ((A @ w - b) ** 2).mean()

    files.append(build_file("least_squares", problem, ls_loss, w0,
                            optimizer_cases(LS_RATES),
                            summary, failures))

    width = max(len(row[1]) for row in summary)
    print("%-14s %-*s %11s %11s %6s %8s %8s" % ("problem", width, "case", "loss[0]",
                                                "loss[final]", "moved", "f64_dev", "1step"))
    for pid, cid, l0, l1, moved, dev, dev1 in summary:
        print("%-14s %-*s %11.5g %11.5g %6.3g %8.2g %8.2g" % (pid, width, cid, l0, l1, moved,
                                                           dev, dev1))
    print()
    if failures:
        print("FAILED, nothing written:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        return 1

    root = os.path.dirname(os.path.dirname(HERE))
    for path, doc in files:
        with open(path, "w") as fh:
            json.dump(doc, fh, separators=(",", ":"), allow_nan=False)
            fh.write("\n")
        print("%-34s %9d bytes  %3d cases" % (os.path.relpath(path, root), os.path.getsize(path),
                                            len(doc["cases"])))
    print("%d cases in %d files" % (len(summary), len(files)))
    write_plateau()
    return 0


if __name__ == "__main__":
    sys.exit(main())
