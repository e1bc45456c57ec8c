#!/usr/bin/env python3
"""Check gradflow's --dump against PyTorch autograd.

usage: torch_check.py GRADFLOW_BINARY SCRATCH_DIR

What this proves
----------------
gradflow (float32 C) dumps, for each of its two runs, the weights W, b of every
layer, one minibatch x, y, the loss on that minibatch and the gradients dW, db
of that loss.  For every activation x head combination (7 x 4 = 28, plus a few
extra runs: a deep 10 x 32 sigmoid-vs-relu net, several seeds, trained and
untrained weights, every init and optimizer, a non-default leaky slope) this
script rebuilds the same network in torch from the dumped numbers alone --
Linear layers (W is (out, in) like nn.Linear.weight), the hidden activation
(nn.Sigmoid, nn.Tanh, nn.ReLU, nn.LeakyReLU(leaky_alpha), exact-erf nn.GELU,
nn.SiLU or nothing) and the head:

    bce                sigmoid, then nn.BCELoss()              (mean)
    ce                 nn.CrossEntropyLoss() on the logits      (mean)
    ce-double-softmax  torch.softmax(logits, 1), then nn.CrossEntropyLoss()
    mse                nn.MSELoss() on the raw outputs         (mean)

and lets autograd differentiate it, twice: in float32 and in float64.

* float32 rebuild vs dump: the loss agrees within rtol 1e-5 (atol 1e-6), and
  every element g of every dW, db within
      RTOL32*|g| + K32*eps32*layers*S + NOISE*max|torch f32 - torch f64|
  S is that element's rounding scale (rounding_scale): the size of the
  products the gradient sums before they cancel (p - y) or vanish (deep
  sigmoid), which is what float32 rounding is proportional to.  The last term,
  per layer, admits what float32 itself cannot resolve in this net, as torch's
  own float32 rebuild shows it (it matters only for exploding nets; the loss
  gets the same allowance).  So only float32 rounding separates the two.
* float64 rebuild vs dump: every element within RTOL64 * max |layer grad|
  plus the same float32 allowance, and the loss within 1e-4 relative:
  gradflow's numbers are the true gradients of the true loss, not merely
  the same rounding as torch's.
* BCE, where |logit| > ~27.6 (sigmoid rounds to 0/1, or BCELoss's backward
  clamps p(1-p) at 1e-12 so its gradient is no longer the derivative of its
  loss), is rebuilt in the fused form gradflow documents:
  -(y*max(logsigmoid(z), -100) + (1-y)*max(logsigmoid(-z), -100)).mean().
* the gradient is not silently zero: sum |dW| over all layers > 0, unless
  torch finds the gradient vanished too.
* one SGD step is exactly the update rule: with --optimizer sgd the weights
  dumped after K+1 steps equal  W_K - lr * dW_K  computed in float32 torch
  from the K-step dump (same minibatch: the dump shows the *next* batch).
* an existing dump file is refused without --overwrite and left untouched.

Every case prints one line with the errors it observed -- the loss's relative
error; the largest absolute gradient error; the largest relative error among
elements at least 1e-3 of their layer's largest; and the worst error as a
percentage of its tolerance -- then, on failure, one line per problem naming
the layer, element and values.  The last line is "N passed, M failed"; the
exit status is 0 only when nothing failed.
"""

import json
import math
import os
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)

# float32 rebuild vs dump, per element (see the docstring):
#   RTOL32*|g| + K32*EPS32*layers*S + NOISE*max|torch f32 - torch f64| of the layer.
# Calibrated on ~1000 random runs (every head, activation, init, optimizer,
# depth 3..10, batch 16..64, steps 0 and 40, and exploding N(0,1) inits):
# with K32 = NOISE = 1 and RTOL32 = 0 the worst error seen was 3.5 times the
# allowance; with these values it was 0.3 (0.9 for all-N(0,1)-init runs).
EPS32 = 2.0 ** -24     # float32 unit roundoff
RTOL32 = 1e-5
K32 = 16
NOISE = 8
LOSS_RTOL32, LOSS_ATOL32 = 1e-5, 1e-6
# float64 rebuild vs dump: gradflow is float32, so relative to the layer's max.
RTOL64 = 1e-3
LOSS_RTOL64 = 1e-4
# SGD step: W_{K+1} vs float32 W_K - lr*dW_K, relative to max |W| of the layer.
SGD_ATOL = 1e-7

ACTS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "gelu", "silu"]
HEAD_DATASET = {"bce": "spiral", "ce": "spiral3", "ce-double-softmax": "blobs", "mse": "sine"}
HEADS = list(HEAD_DATASET)


class CaseFailure(Exception):
    pass


# --------------------------------------------------------------------------
# running gradflow

def run_gradflow(binary, dump, steps, left, right, head, depth=3, width=8, seed=1,
                 init="auto", optimizer="sgd", lr=None, batch=32, leaky_alpha=None,
                 overwrite=True):
    args = [binary, "--headless", "--steps", str(steps), "--dump", dump,
            "--left", left, "--right", right, "--dataset", HEAD_DATASET[head],
            "--head", head, "--depth", str(depth), "--width", str(width),
            "--seed", str(seed), "--init", init, "--optimizer", optimizer,
            "--batch", str(batch)]
    if lr is not None:
        args += ["--lr", repr(lr)]
    if leaky_alpha is not None:
        args += ["--leaky-alpha", repr(leaky_alpha)]
    if overwrite:
        args.append("--overwrite")
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p, args


def load_dump(binary, dump, **kw):
    p, args = run_gradflow(binary, dump, **kw)
    if p.returncode != 0:
        raise CaseFailure("gradflow exited %d: %s\n  command: %s"
                          % (p.returncode, p.stderr.strip(), " ".join(args)))
    with open(dump) as f:
        d = json.load(f)
    if d.get("format") != "gradflow-dump/1" or len(d.get("runs", [])) != 2:
        raise CaseFailure("%s: not a two-run gradflow-dump/1 file" % dump)
    return d


def check_run_meta(run, act, head, steps):
    problems = []
    if run["activation"] != act:
        problems.append("activation %r, asked for %r" % (run["activation"], act))
    if run["head"] != head:
        problems.append("head %r, asked for %r" % (run["head"], head))
    if run["residual"] or run["batchnorm"]:
        problems.append("residual/batchnorm set; this check rebuilds a plain MLP")
    if run["diverged_at"] is not None:
        problems.append("diverged at step %s (pick a gentler configuration)" % run["diverged_at"])
    elif run["step"] != steps:
        problems.append("step %s, asked for %d" % (run["step"], steps))
    sizes, layers = run["sizes"], run["layers"]
    if len(layers) != len(sizes) - 1:
        problems.append("%d layers for sizes %s" % (len(layers), sizes))
    for l, L in enumerate(layers):
        shape = (len(L["W"]), len(L["W"][0]) if L["W"] else 0)
        if shape != (sizes[l + 1], sizes[l]) or len(L["b"]) != sizes[l + 1] \
                or len(L["dW"]) != sizes[l + 1] or len(L["db"]) != sizes[l + 1]:
            problems.append("layer %d: W is %s, sizes say %s" % (l + 1, shape, (sizes[l + 1], sizes[l])))
        for key in ("W", "b", "dW", "db"):
            flat = L[key] if key in ("b", "db") else [v for row in L[key] for v in row]
            if any(v is None for v in flat):
                problems.append("layer %d: non-finite (null) in %s" % (l + 1, key))
    if run["loss"] is None:
        problems.append("loss is null (non-finite)")
    if problems:
        raise CaseFailure("; ".join(problems))


# --------------------------------------------------------------------------
# the torch rebuild

def activation(name, alpha):
    return {
        "linear": lambda z: z,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": F.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, negative_slope=alpha),
        "gelu": lambda z: F.gelu(z),          # exact erf form (approximate='none')
        "silu": F.silu,
    }[name]


def head_loss(logits, run, dtype):
    """The dumped head's loss of the logits, as PyTorch defines it.
    Returns (loss, note); note is set when bce had to use its fused form."""
    head, y = run["head"], run["y"]
    if head == "bce":
        target = torch.tensor(y, dtype=dtype).reshape(-1, 1)
        p = torch.sigmoid(logits)
        if not bool((p * (1 - p) < 1e-12).any()):
            return nn.BCELoss()(p, target), ""
        # Where sigmoid rounds to 0 or 1, BCELoss is not the smooth function of
        # the logit that gradflow differentiates (it fuses the sigmoid into the
        # loss); and where p(1-p) < 1e-12 (|logit| > ~27.6) BCELoss's backward
        # clamps its denominator at EPSILON = 1e-12, so its gradient is no
        # longer the derivative of its loss (z = -30, y = 1 gives -0.094, not
        # -1).  Use the same loss written on the logit, log p = logsigmoid(z),
        # with BCELoss's clamp of each log at -100 (a clamped term is constant,
        # so it has no gradient).
        log_p = torch.clamp(F.logsigmoid(logits), min=-100.0)
        log_q = torch.clamp(F.logsigmoid(-logits), min=-100.0)
        note = " (|logit| > 27.6 in %s: bce in fused logsigmoid form)" % str(dtype)[6:]
        return -(target * log_p + (1 - target) * log_q).mean(), note
    if head == "ce":
        return nn.CrossEntropyLoss()(logits, torch.tensor(y, dtype=torch.long)), ""
    if head == "ce-double-softmax":
        return nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), torch.tensor(y, dtype=torch.long)), ""
    if head == "mse":
        return nn.MSELoss()(logits, torch.tensor(y, dtype=dtype)), ""
    raise CaseFailure("unknown head %r" % head)


def forward(run, dtype):
    """Rebuilds the net from the dump. Returns (params, inputs, preacts, logits):
    leaf (W, b) per layer, each layer's input h and pre-activation z."""
    act = activation(run["activation"], run["leaky_alpha"])
    params = [(torch.tensor(L["W"], dtype=dtype, requires_grad=True),
               torch.tensor(L["b"], dtype=dtype, requires_grad=True)) for L in run["layers"]]
    h = torch.tensor(run["x"], dtype=dtype)
    inputs, preacts = [], []
    for l, (W, b) in enumerate(params):
        inputs.append(h)
        z = F.linear(h, W, b)
        preacts.append(z)
        h = act(z) if l + 1 < len(params) else z
    return params, inputs, preacts, h


def rebuild(run, dtype):
    """Loss and per-layer (dW, db) of the dumped run, by torch autograd in dtype."""
    params, _, _, logits = forward(run, dtype)
    loss, note = head_loss(logits, run, dtype)
    loss.backward()
    return float(loss), [(W.grad.detach(), b.grad.detach()) for W, b in params], note


def rounding_scale(run):
    """Per-layer (S_W, S_b), float64: the typical size of the products that each
    gradient element sums, before they cancel or vanish.

    Float32 rounding moves a gradient by a few eps times the size of the terms
    it sums, not of the result (which can cancel, as p - y does, or vanish).
    This runs the backward pass on those sizes: |dL/dlogits| plus the head's
    own rounding scale, then root-sum-squares through W, f'(z) and h --
    root-sum-square because rounding errors are independent and add like a
    random walk; sums of absolute values (the worst case) overstate a deep
    net's error by orders of magnitude."""
    act = activation(run["activation"], run["leaky_alpha"])
    params, inputs, preacts, logits = forward(run, torch.float64)
    logits = logits.detach().requires_grad_(True)
    loss, _ = head_loss(logits, run, torch.float64)
    loss.backward()
    if run["head"] == "mse":
        y = torch.tensor(run["y"], dtype=torch.float64)
        head_scale = 2 * (logits.detach().abs() + y.abs()) / logits.numel()
    else:
        head_scale = torch.full_like(logits, 1.0 / logits.shape[0])   # probabilities minus one-hot
    S2 = (logits.grad.abs() + head_scale) ** 2          # squared scale of d loss / d z
    out = [None] * len(params)
    for l in range(len(params) - 1, -1, -1):
        out[l] = ((S2.t() @ inputs[l].detach() ** 2).sqrt(), S2.sum(0).sqrt())
        if l > 0:
            z = preacts[l - 1].detach().requires_grad_(True)
            act(z).sum().backward()           # z.grad = f'(z)
            S2 = (S2 @ params[l][0].detach() ** 2) * z.grad ** 2
    return out


def unravel(flat_index, shape):
    idx = []
    for n in reversed(shape):
        idx.append(flat_index % n)
        flat_index //= n
    return list(reversed(idx))


def compare_run(run):
    """Compares one dumped run with its float32 and float64 rebuilds.
    Returns (problems, stats); stats holds the largest errors observed."""
    problems, st = [], {}
    dumped = [(torch.tensor(L["dW"], dtype=torch.float64), torch.tensor(L["db"], dtype=torch.float64))
              for L in run["layers"]]
    scale = rounding_scale(run)
    n_layers = len(dumped)
    st["total"] = sum(float(dW.abs().sum()) for dW, _ in dumped)
    loss_d = run["loss"]
    rebuilt = {"f32": rebuild(run, torch.float32), "f64": rebuild(run, torch.float64)}
    g32, g64 = rebuilt["f32"][1], rebuilt["f64"][1]

    for tag in ("f32", "f64"):
        loss_t, grads, st[tag + "_note"] = rebuilt[tag]
        loss_err = abs(loss_t - loss_d)
        st[tag + "_loss_rel"] = loss_rel = loss_err / max(abs(loss_d), 1e-30)
        if tag == "f32":   # plus what float32 itself loses on this loss, as torch shows it
            f32_loss_noise = NOISE * abs(rebuilt["f32"][0] - rebuilt["f64"][0])
            ok = loss_err <= LOSS_ATOL32 + LOSS_RTOL32 * abs(loss_d) + f32_loss_noise
        else:
            ok = loss_rel <= LOSS_RTOL64
        if not (math.isfinite(loss_t) and ok):
            problems.append("%s loss: torch %.9g, dump %.9g (rel err %.3g)" % (tag, loss_t, loss_d, loss_rel))

        torch_total = sum(float(gW.abs().sum()) for gW, _ in grads)
        if tag == "f32" and st["total"] == 0.0 and torch_total != 0.0:
            problems.append("the dump's gradient is all zeros, torch's is not (sum |dW| = %.3g)" % torch_total)

        max_abs = max_scaled = max_rel = max_ratio = 0.0
        for l in range(n_layers):
            for k, name in ((0, "dW"), (1, "db")):
                g, d, S = grads[l][k].to(torch.float64), dumped[l][k], scale[l][k]
                layer_max = max(float(d.abs().max()), float(g.abs().max()))
                if layer_max == 0.0:
                    continue              # both exactly zero (a dead or vanished layer)
                diff = (g - d).abs()
                max_abs = max(max_abs, float(diff.max()))
                max_scaled = max(max_scaled, float(diff.max()) / layer_max)
                big = d.abs() >= 1e-3 * layer_max        # relative error where it means something
                if bool(big.any()):
                    max_rel = max(max_rel, float((diff[big] / d.abs()[big]).max()))
                # float32 rounding: a few eps of the summed magnitudes per layer,
                # or what torch's own float32 rebuild is seen to lose here.
                f32_noise = K32 * EPS32 * n_layers * S \
                    + NOISE * float((g32[l][k].to(torch.float64) - g64[l][k]).abs().max())
                if tag == "f32":
                    allowed = RTOL32 * d.abs() + f32_noise
                else:
                    allowed = RTOL64 * layer_max + f32_noise
                ratio = diff / allowed
                max_ratio = max(max_ratio, float(ratio.max()))
                if float(ratio.max()) > 1.0:
                    w = int(ratio.argmax())
                    problems.append(
                        "%s layer %d %s%s: %d of %d elements off; worst torch %.9g vs dump %.9g "
                        "(abs err %.3g = %.3g of the layer's max |grad| %.3g; allowed %.3g)"
                        % (tag, l + 1, name, unravel(w, list(d.shape)), int((ratio > 1.0).sum()), d.numel(),
                           float(g.flatten()[w]), float(d.flatten()[w]), float(diff.flatten()[w]),
                           float(diff.flatten()[w]) / layer_max, layer_max, float(allowed.flatten()[w])))
        st[tag + "_abs"], st[tag + "_scaled"], st[tag + "_rel"], st[tag + "_ratio"] = \
            max_abs, max_scaled, max_rel, max_ratio
    return problems, st


# --------------------------------------------------------------------------
# the cases

def gradient_cases():
    """Each entry is one gradflow invocation; both of its runs are checked.
    Per head the 7 activations are spread over 4 invocations (the 8th slot
    repeats one), rotated so each activation lands on both sides overall."""
    cases = []
    inits = ["auto", "classic", "xavier", "he"]
    i = 0
    for h, head in enumerate(HEADS):
        order = ACTS[2 * h:] + ACTS[:2 * h]
        pairs = [(order[0], order[1]), (order[2], order[3]), (order[4], order[5]), (order[6], order[0])]
        for j, (left, right) in enumerate(pairs):
            c = dict(left=left, right=right, head=head, depth=3, width=8,
                     steps=[0, 30, 50, 25][(h + j) % 4], seed=1 + 7 * i,
                     init=inits[(h + j) % 4], optimizer="sgd", lr=0.03, batch=32)
            cases.append(c)
            i += 1
    # variations on top of the plain grid
    cases[1].update(init="normal", steps=30, lr=0.01)            # N(0, 1) weights, trained
    cases[5].update(optimizer="adam", lr=0.01, steps=40)
    cases[10].update(optimizer="momentum", lr=0.02, steps=40)
    cases[14].update(optimizer="adam", lr=0.005, steps=30, batch=64)
    cases[2].update(leaky_alpha=0.2, depth=5, width=16, batch=16)   # leaky_relu vs gelu
    cases[15].update(init="normal", steps=0, depth=4, width=12)
    # the deep cases: vanishing sigmoid gradients next to relu, untrained and trained
    cases.append(dict(left="sigmoid", right="relu", head="bce", depth=10, width=32,
                      steps=0, seed=2, init="auto", optimizer="sgd", lr=0.05, batch=32))
    cases.append(dict(left="sigmoid", right="relu", head="bce", depth=10, width=32,
                      steps=50, seed=3, init="auto", optimizer="momentum", lr=0.02, batch=32))
    cases.append(dict(left="relu", right="sigmoid", head="ce", depth=10, width=32,
                      steps=30, seed=4, init="auto", optimizer="adam", lr=0.003, batch=64))
    return cases


SGD_CASES = [
    dict(left="tanh", right="leaky_relu", head="bce", depth=3, width=8, steps=0, seed=5, lr=0.1),
    dict(left="gelu", right="silu", head="ce-double-softmax", depth=4, width=16, steps=25, seed=6, lr=0.05),
    dict(left="sigmoid", right="relu", head="mse", depth=10, width=32, steps=40, seed=7, lr=0.05),
]


def describe(c):
    s = "%s d%dw%d %s steps %d seed %d init %s %s lr %g batch %d" % (
        HEAD_DATASET[c["head"]], c["depth"], c["width"], c["head"], c["steps"], c["seed"],
        c.get("init", "auto"), c.get("optimizer", "sgd"), c["lr"], c.get("batch", 32))
    if c.get("leaky_alpha") is not None:
        s += " leaky-alpha %g" % c["leaky_alpha"]
    return s


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2])
        return 2
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    start = time.time()
    passed = failed = 0
    per_head = {h: {} for h in HEADS}
    combos = set()

    def record(ok, line, problems=()):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("PASS " + line)
        else:
            failed += 1
            print("FAIL " + line)
            for p in problems:
                print("     - " + p)
        sys.stdout.flush()

    # ---- gradients: float32 and float64 rebuilds
    for n, c in enumerate(gradient_cases()):
        dump = os.path.join(scratch, "torch_check_%02d.json" % n)
        try:
            d = load_dump(binary, dump, **c)
        except (CaseFailure, OSError, ValueError) as e:
            for side in ("left", "right"):
                record(False, "%s=%s %s" % (side, c[side], describe(c)), [str(e)])
            continue
        for side, run in zip(("left", "right"), d["runs"]):
            act = c[side]
            label = "%-5s %-10s %s" % (side, act, describe(c))
            try:
                check_run_meta(run, act, c["head"], c["steps"])
                problems, st = compare_run(run)
            except CaseFailure as e:
                record(False, label, [str(e)])
                continue
            except (KeyError, TypeError, ValueError, IndexError) as e:   # a malformed dump
                record(False, label, ["cannot read the dump: %s: %s" % (type(e).__name__, e)])
                continue
            note = " [gradient vanished in dump and torch alike]" if st["total"] == 0.0 else ""
            line = ("%s | f32: loss %.1e, grad abs %.1e rel %.1e (%.0f%% of tol)%s"
                    " | f64: loss %.1e, grad rel %.1e, /layer-max %.1e (%.0f%% of tol)%s%s"
                    % (label, st["f32_loss_rel"], st["f32_abs"], st["f32_rel"], 100 * st["f32_ratio"],
                       st["f32_note"], st["f64_loss_rel"], st["f64_rel"], st["f64_scaled"],
                       100 * st["f64_ratio"], st["f64_note"], note))
            record(not problems, line, problems)
            if not problems:
                combos.add((act, c["head"]))
            agg = per_head[c["head"]]
            for k in ("f32_loss_rel", "f32_abs", "f32_scaled", "f32_rel", "f32_ratio",
                      "f64_loss_rel", "f64_scaled", "f64_rel", "f64_ratio"):
                agg[k] = max(agg.get(k, 0.0), st[k])

    missing = [(a, h) for h in HEADS for a in ACTS if (a, h) not in combos]
    record(not missing, "activation x head coverage: %d of %d combinations checked and passing"
           % (28 - len(missing), 28), ["not covered or failing: %s/%s" % m for m in missing])

    # ---- one SGD step is W - lr * dW
    for n, c in enumerate(SGD_CASES):
        c = dict(c, init="auto", optimizer="sgd", batch=32)
        K = c["steps"]
        label = "sgd step %d -> %d: %s vs %s, %s" % (K, K + 1, c["left"], c["right"], describe(c))
        try:
            dK = load_dump(binary, os.path.join(scratch, "torch_check_sgd%d_a.json" % n), **c)
            dK1 = load_dump(binary, os.path.join(scratch, "torch_check_sgd%d_b.json" % n), **dict(c, steps=K + 1))
            problems, max_abs, max_scaled, exact, count = [], 0.0, 0.0, 0, 0
            for side, ra, rb in zip(("left", "right"), dK["runs"], dK1["runs"]):
                check_run_meta(ra, c[side], c["head"], K)
                check_run_meta(rb, c[side], c["head"], K + 1)
                lr = torch.tensor(ra["lr"], dtype=torch.float32)
                for l, (La, Lb) in enumerate(zip(ra["layers"], rb["layers"])):
                    for p, g in (("W", "dW"), ("b", "db")):
                        P = torch.tensor(La[p], dtype=torch.float32)
                        G = torch.tensor(La[g], dtype=torch.float32)
                        expect = P - lr * G            # two float32 roundings, like the C loop
                        got = torch.tensor(Lb[p], dtype=torch.float32)
                        diff = (got.double() - expect.double()).abs()
                        scale = max(float(P.abs().max()), float(got.abs().max()), 1e-30)
                        exact += int((diff == 0).sum())
                        count += diff.numel()
                        max_abs = max(max_abs, float(diff.max()))
                        max_scaled = max(max_scaled, float(diff.max()) / scale)
                        if float(diff.max()) > SGD_ATOL * scale:
                            w = int(diff.argmax())
                            problems.append("%s layer %d %s: %d elements off; worst got %.9g, W-lr*dW %.9g "
                                            "(W %.9g, dW %.9g, lr %.9g)"
                                            % (side, l + 1, p, int((diff > SGD_ATOL * scale).sum()),
                                               float(got.flatten()[w]), float(expect.flatten()[w]),
                                               float(P.flatten()[w]), float(G.flatten()[w]), float(lr)))
                moved = any(La["W"] != Lb["W"] for La, Lb in zip(ra["layers"], rb["layers"]))
                if not moved:
                    problems.append("%s: weights did not change in one SGD step" % side)
        except (CaseFailure, OSError, KeyError, TypeError, ValueError, IndexError) as e:
            record(False, label, [str(e)])
            continue
        record(not problems, "%s | W_K+1 vs W_K - lr*dW_K: max abs %.1e, /max|W| %.1e, %d of %d bit-exact"
               % (label, max_abs, max_scaled, exact, count), problems)

    # ---- an existing dump is refused without --overwrite
    dump = os.path.join(scratch, "torch_check_refuse.json")
    with open(dump, "w") as f:
        f.write("keep me\n")
    try:
        p, _ = run_gradflow(binary, dump, steps=0, left="relu", right="tanh", head="bce", overwrite=False)
        status = p.returncode
    except OSError as e:
        status = "not run (%s)" % e
    with open(dump) as f:
        kept = f.read() == "keep me\n"
    record(isinstance(status, int) and status != 0 and kept,
           "existing --dump file without --overwrite: exit %s, file %s"
           % (status, "untouched" if kept else "CHANGED"),
           ["gradflow must refuse an existing dump file without --overwrite (non-zero exit, file unchanged)"])

    # ---- per-head summary of the gradient errors
    print("\nobserved maxima per head (f32 / f64 rebuild vs dump):")
    for head in HEADS:
        a = per_head[head]
        if a:
            print("  %-17s f32: loss rel %.2g, grad abs %.2g, /layer-max %.2g, rel %.2g, %.0f%% of tol | "
                  "f64: loss rel %.2g, /layer-max %.2g, rel %.2g, %.0f%% of tol"
                  % (head, a["f32_loss_rel"], a["f32_abs"], a["f32_scaled"], a["f32_rel"], 100 * a["f32_ratio"],
                     a["f64_loss_rel"], a["f64_scaled"], a["f64_rel"], 100 * a["f64_ratio"]))
    print("  (tolerances: f32 |err| <= %g*|g| + %g*eps*layers*S + %g*f32 noise, "
          "f64 |err| <= %g*layer max + the same; %.1f s)" % (RTOL32, K32, NOISE, RTOL64, time.time() - start))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
