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

The remedies (--residual, --batchnorm, --clip; the dump says which per run)
are rebuilt the same way.  With weight layers l = 0 .. last (last is the
output layer), hidden layer l computes
    lin = h W^T + b
    z   = nn.BatchNorm1d(out, eps=1e-5, momentum=0.1)(lin)  in training mode
          (batch statistics, biased variance; weight = gamma, bias = beta)
          with --batchnorm, else lin
    h'  = h + f(z) with --residual and 1 <= l < last, else f(z)
(the first weight layer is never residual; the output layer is plain Linear).
dgamma and dbeta are compared like dW and db; db before batchnorm is exactly
zero in exact arithmetic, so there only rounding is allowed.  Every activation
with --residual, with --batchnorm and with both, each on every head, untrained
and trained (some with --clip, which changes the training but not the dumped
gradients, and with every optimizer), plus deep 12 x 16 sigmoid nets, are
checked; a coverage line demands all of them.

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
  plus the same float32 allowance, and the loss within 1e-4 relative (plus
  the same allowance as in float32):
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
  With --clip X (small enough to act) the step is W_K - lr * c * dW_K,
  c = min(1, X / (total_norm + 1e-6)) as torch.nn.utils.clip_grad_norm_
  computes it over every gradient of the run (dW, db, dgamma, dbeta); the
  dumped gradients are the unclipped ones.  It allows one float32 rounding
  of W and 1e-5 of the step more than the unclipped step.  With
  --batchnorm gamma and beta take the same step, and the running statistics
  after K+1 steps are nn.BatchNorm1d's own update (momentum 0.1, unbiased
  variance) of the K-step dump's, by a training-mode forward of its
  minibatch (and at step 0 they are PyTorch's 0 and 1).
* the CSV's statistics of step K against torch on the dump after K - 1 steps
  (the same weights and minibatch): delta_norm is the norm of autograd's
  gradient at each layer's pre-activation (the logits for the output layer)
  within 2e-4; weight_spectral_norm is torch.linalg.matrix_norm(W, ord=2)
  within 1e-4 and never below it; slope_mean is the mean |f'(z)| by autograd
  within 2e-4 (empty for the output layer); delta_bound is the bound rebuilt
  from those torch numbers (largest slope, ||W||_2, batchnorm's largest
  |gamma|/sqrt(var + eps), 1 + factor through a skip) and never below
  delta_norm.
* an existing dump file is refused without --overwrite and left untouched.
* the distributions inside the network: the CSV's z_p15, z_p50, z_p85,
  act_mean and act_std of step K+1 describe the minibatch the K-step dump
  holds, at its weights.  Rebuilt from the dump, each hidden layer's z (after
  batchnorm where it is on) over all batch x units values gives the
  percentiles by torch.quantile(interpolation="linear") -- numpy's default --
  and f(z) its mean and population standard deviation (unbiased=False); each
  agrees within 1e-5 * (1 + max |value| of the layer), what float32 rounding
  of z itself allows.  The output layer's five cells are empty.

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
                 residual=False, batchnorm=False, clip=None, overwrite=True, csv=None, extra=()):
    args = [binary, "--headless", "--steps", str(steps), "--dump", dump,
            "--left", left, "--right", right, "--dataset", HEAD_DATASET[head],
            "--head", head, "--depth", str(depth), "--width", str(width),
            "--seed", str(seed), "--init", init, "--optimizer", optimizer,
            "--batch", str(batch)]
    if lr is not None:
        args += ["--lr", repr(lr)]
    if leaky_alpha is not None:
        args += ["--leaky-alpha", repr(leaky_alpha)]
    if residual:
        args.append("--residual")
    if batchnorm:
        args.append("--batchnorm")
    if clip is not None:
        args += ["--clip", repr(clip)]
    if overwrite:
        args.append("--overwrite")
    if csv is not None:
        args += ["--csv", csv]
    args += list(extra)
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


BN_KEYS = ("gamma", "beta", "dgamma", "dbeta", "running_mean", "running_var")


def check_run_meta(run, act, head, steps, residual=False, batchnorm=False, clip=None):
    problems = []
    if run["activation"] != act:
        problems.append("activation %r, asked for %r" % (run["activation"], act))
    if run["head"] != head:
        problems.append("head %r, asked for %r" % (run["head"], head))
    if run["residual"] is not residual:
        problems.append("residual %r, asked for %r" % (run["residual"], residual))
    if run["batchnorm"] is not batchnorm:
        problems.append("batchnorm %r, asked for %r" % (run["batchnorm"], batchnorm))
    if clip is None:
        if run["clip"] is not None:
            problems.append("clip %r, asked for none" % (run["clip"],))
    elif not isinstance(run["clip"], (int, float)) or abs(run["clip"] - clip) > 1e-6 * clip:
        problems.append("clip %r, asked for %r" % (run["clip"], clip))
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
        hidden_bn = batchnorm and l + 1 < len(layers)
        keys = ("W", "b", "dW", "db") + (BN_KEYS if hidden_bn else ())
        for key in keys:
            if key not in L:
                problems.append("layer %d: no %r (batchnorm on, hidden layer)" % (l + 1, key))
                continue
            flat = [v for row in L[key] for v in row] if key == "W" or key == "dW" else L[key]
            if any(v is None for v in flat):
                problems.append("layer %d: non-finite (null) in %s" % (l + 1, key))
            if key in BN_KEYS and len(L[key]) != sizes[l + 1]:
                problems.append("layer %d: %s has %d entries, the layer %d units"
                                % (l + 1, key, len(L[key]), sizes[l + 1]))
        if hidden_bn and "running_var" in L and any(v is not None and not v > 0 for v in L["running_var"]):
            problems.append("layer %d: running_var not > 0: %s" % (l + 1, L["running_var"]))
        if not hidden_bn:
            extra = [k for k in BN_KEYS if k in L]
            if extra:
                problems.append("layer %d: has %s, but it is %s" % (
                    l + 1, ", ".join(extra), "the output layer" if batchnorm else "a net without batchnorm"))
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


# gradient name -> parameter name, in the order compare_run reports them
GRADS = (("dW", "W"), ("db", "b"), ("dgamma", "gamma"), ("dbeta", "beta"))


def forward(run, dtype, running=False):
    """Rebuilds the net from the dump. Returns (layers, logits): one dict per
    weight layer with its leaf parameters W, b (and gamma, beta when it has
    batchnorm), its input h, its linear output lin, the activation's input z
    (lin, or BatchNorm1d(lin) in training mode), and for batchnorm the
    nn.BatchNorm1d module itself (its running statistics start from the dump's
    when running is set, else PyTorch's 0 and 1)."""
    act = activation(run["activation"], run["leaky_alpha"])
    residual, batchnorm = run.get("residual", False), run.get("batchnorm", False)
    last = len(run["layers"]) - 1
    h = torch.tensor(run["x"], dtype=dtype)
    layers = []
    for l, L in enumerate(run["layers"]):
        rec = {"W": torch.tensor(L["W"], dtype=dtype, requires_grad=True),
               "b": torch.tensor(L["b"], dtype=dtype, requires_grad=True),
               "h": h, "residual": residual and 1 <= l < last}
        layers.append(rec)
        lin = F.linear(h, rec["W"], rec["b"])
        rec["lin"] = z = lin
        if l == last:
            return layers, lin
        if batchnorm:
            bn = nn.BatchNorm1d(len(L["b"]), eps=1e-5, momentum=0.1).to(dtype)
            bn.train()
            with torch.no_grad():
                bn.weight.copy_(torch.tensor(L["gamma"], dtype=dtype))
                bn.bias.copy_(torch.tensor(L["beta"], dtype=dtype))
                if running:
                    bn.running_mean.copy_(torch.tensor(L["running_mean"], dtype=dtype))
                    bn.running_var.copy_(torch.tensor(L["running_var"], dtype=dtype))
            rec["gamma"], rec["beta"], rec["bn"] = bn.weight, bn.bias, bn
            z = bn(lin)
        rec["z"] = z
        h = h + act(z) if rec["residual"] else act(z)
    raise CaseFailure("a dump without layers")


def rebuild(run, dtype):
    """Loss and per-layer {dW, db[, dgamma, dbeta]} of the dumped run, by torch
    autograd in dtype."""
    layers, logits = forward(run, dtype)
    loss, note = head_loss(logits, run, dtype)
    loss.backward()
    return float(loss), [{g: rec[p].grad.detach() for g, p in GRADS if p in rec} for rec in layers], note


def rounding_scale(run):
    """Per-layer {dW: S_W, db: S_b[, dgamma, dbeta]}, float64: the typical
    size of the products that each gradient element sums, before they cancel
    or vanish.

    Float32 rounding moves a gradient by a few eps times the size of the terms
    it sums, not of the result (which can cancel, as p - y does, or vanish).
    This runs the backward pass on those sizes: |dL/dlogits| plus the head's
    own rounding scale, then root-sum-squares through W, f'(z) and h --
    root-sum-square because rounding errors are independent and add like a
    random walk; sums of absolute values (the worst case) overstate a deep
    net's error by orders of magnitude.  A residual layer adds the scale of
    its skip path; batchnorm's backward,
        dlin = gamma/sigma * (dz - mean(dz) - xhat * mean(dz * xhat)),
    sums three terms that cancel (exactly, in db = sum dlin), so its scale is
    |gamma|/sigma * (|dz| + mean|dz| + |xhat| mean|dz xhat|)."""
    act = activation(run["activation"], run["leaky_alpha"])
    layers, logits = forward(run, torch.float64)
    logits = logits.detach().requires_grad_(True)
    loss, _ = head_loss(logits, run, torch.float64)
    loss.backward()
    if run["head"] == "mse":
        y = torch.tensor(run["y"], dtype=torch.float64)
        head_scale = 2 * (logits.detach().abs() + y.abs()) / logits.numel()
    else:
        head_scale = torch.full_like(logits, 1.0 / logits.shape[0])   # probabilities minus one-hot
    S2 = (logits.grad.abs() + head_scale) ** 2          # squared scale of d loss / d lin
    out = [{} for _ in layers]
    carry = None                                        # the skip path's share of d loss / d h
    for l in range(len(layers) - 1, -1, -1):
        rec = layers[l]
        out[l]["dW"] = (S2.t() @ rec["h"].detach() ** 2).sqrt()
        out[l]["db"] = S2.sum(0).sqrt()
        if l == 0:
            break
        S2 = S2 @ rec["W"].detach() ** 2                # d loss / d h_l = output of layer l - 1
        if carry is not None:
            S2 = S2 + carry
        prev = layers[l - 1]
        carry = S2 if prev["residual"] else None
        z = prev["z"].detach().requires_grad_(True)
        act(z).sum().backward()                         # z.grad = f'(z)
        S2 = S2 * z.grad ** 2                           # d loss / d z
        if "bn" in prev:
            lin = prev["lin"].detach()
            var = lin.var(0, unbiased=False)
            xhat = (lin - lin.mean(0)) / (var + 1e-5).sqrt()
            out[l - 1]["dgamma"] = (S2 * xhat ** 2).sum(0).sqrt()
            out[l - 1]["dbeta"] = S2.sum(0).sqrt()
            S = S2.sqrt()
            S = prev["gamma"].detach().abs() / (var + 1e-5).sqrt() \
                * (S + S.mean(0) + xhat.abs() * (S * xhat.abs()).mean(0))
            S2 = S ** 2
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
    scale = rounding_scale(run)
    dumped = [{g: torch.tensor(L[g], dtype=torch.float64) for g in S} for L, S in zip(run["layers"], scale)]
    n_layers = len(dumped)
    st["total"] = sum(float(D["dW"].abs().sum()) for D in dumped)
    loss_d = run["loss"]
    rebuilt = {"f32": rebuild(run, torch.float32), "f64": rebuild(run, torch.float64)}
    g32, g64 = rebuilt["f32"][1], rebuilt["f64"][1]

    for tag in ("f32", "f64"):
        loss_t, grads, st[tag + "_note"] = rebuilt[tag]
        loss_err = abs(loss_t - loss_d)
        st[tag + "_loss_rel"] = loss_rel = loss_err / max(abs(loss_d), 1e-30)
        # plus what float32 itself loses on this loss, as torch shows it (a deep
        # batchnorm net can amplify float32 rounding into a percent of the loss)
        f32_loss_noise = NOISE * abs(rebuilt["f32"][0] - rebuilt["f64"][0])
        if tag == "f32":
            ok = loss_err <= LOSS_ATOL32 + LOSS_RTOL32 * abs(loss_d) + f32_loss_noise
        else:
            ok = loss_err <= LOSS_RTOL64 * abs(loss_d) + f32_loss_noise
        if not (math.isfinite(loss_t) and ok):
            problems.append("%s loss: torch %.9g, dump %.9g (rel err %.3g)" % (tag, loss_t, loss_d, loss_rel))

        torch_total = sum(float(G["dW"].abs().sum()) for G in grads)
        if tag == "f32" and st["total"] == 0.0 and torch_total != 0.0:
            problems.append("the dump's gradient is all zeros, torch's is not (sum |dW| = %.3g)" % torch_total)

        max_abs = max_scaled = max_rel = max_ratio = 0.0
        for l in range(n_layers):
            for name in scale[l]:
                g, d, S = grads[l][name].to(torch.float64), dumped[l][name], scale[l][name]
                layer_max = max(float(d.abs().max()), float(g.abs().max()))
                if layer_max == 0.0:
                    continue              # both exactly zero (a dead or vanished layer)
                diff = (g - d).abs()
                max_abs = max(max_abs, float(diff.max()))
                # float32 rounding: a few eps of the summed magnitudes per layer,
                # or what torch's own float32 rebuild is seen to lose here.
                f32_noise = K32 * EPS32 * n_layers * S \
                    + NOISE * float((g32[l][name].to(torch.float64) - g64[l][name]).abs().max())
                # relative errors where they mean something: not in a gradient
                # that is all rounding (db before batchnorm is exactly 0 in exact
                # arithmetic), and among elements >= 1e-3 of the layer's largest
                if layer_max > float(f32_noise.max()):
                    max_scaled = max(max_scaled, float(diff.max()) / layer_max)
                    big = d.abs() >= 1e-3 * layer_max
                    if bool(big.any()):
                        max_rel = max(max_rel, float((diff[big] / d.abs()[big]).max()))
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


def remedy_kind(c):
    """'residual', 'batchnorm', 'residual+batchnorm' or None (a plain MLP)."""
    kind = "+".join(k for k in ("residual", "batchnorm") if c.get(k))
    return kind or None


REMEDY_KINDS = ["residual", "batchnorm", "residual+batchnorm"]


def remedy_cases():
    """The remedies: for each of --residual, --batchnorm and both, one
    invocation per head (4 x 2 runs, so every activation and every head at
    least once per remedy), alternating untrained and trained (sometimes with
    --clip, which changes the training but not the dumped gradients), then
    the deep 12 x 16 sigmoid nets."""
    cases = []
    inits = ["auto", "xavier", "he", "classic"]
    for r, kind in enumerate(REMEDY_KINDS):
        flags = {k: True for k in kind.split("+")}
        for h, head in enumerate(HEADS):
            k = 2 * h + 3 * r              # 4 invocations cover the 7 activations
            cases.append(dict(left=ACTS[k % 7], right=ACTS[(k + 1) % 7], head=head, depth=4, width=12,
                              steps=[0, 30, 0, 40][(h + r) % 4], seed=101 + 10 * r + h,
                              init=inits[(h + r) % 4], optimizer="sgd", lr=0.03, batch=32, **flags))
    # variations: clipping while training, other optimizers, sizes, batches
    cases[1].update(clip=0.5)                                          # residual, trained
    cases[3].update(optimizer="adam", lr=0.005, steps=30, batch=16, depth=5, width=16)
    cases[4].update(optimizer="momentum", lr=0.02, steps=25, clip=1.0)  # batchnorm
    cases[6].update(batch=8, depth=3, width=8, steps=20, clip=0.1)
    cases[7].update(leaky_alpha=0.2, depth=5, width=16)               # batchnorm with leaky_relu
    cases[8].update(optimizer="adam", lr=0.01, steps=35, batch=64)     # both
    cases[10].update(init="normal", steps=0, depth=5, width=8)
    cases[11].update(clip=0.05, steps=40, depth=6, width=10)
    # the deep cases: 12 x 16 sigmoid, residual + batchnorm, untrained and trained;
    # and residual alone (the skip path keeps sigmoid's gradient from vanishing)
    cases.append(dict(left="sigmoid", right="relu", head="bce", depth=12, width=16, steps=0, seed=201,
                      init="auto", optimizer="sgd", lr=0.05, batch=32, residual=True, batchnorm=True))
    cases.append(dict(left="sigmoid", right="tanh", head="ce", depth=12, width=16, steps=30, seed=202,
                      init="auto", optimizer="momentum", lr=0.01, batch=32, residual=True, batchnorm=True,
                      clip=1.0))
    cases.append(dict(left="sigmoid", right="gelu", head="mse", depth=12, width=16, steps=0, seed=203,
                      init="auto", optimizer="sgd", lr=0.01, batch=32, residual=True))
    return cases


SGD_CASES = [
    dict(left="tanh", right="leaky_relu", head="bce", depth=3, width=8, steps=0, seed=5, lr=0.1),
    dict(left="gelu", right="silu", head="ce-double-softmax", depth=4, width=16, steps=25, seed=6, lr=0.05),
    dict(left="sigmoid", right="relu", head="mse", depth=10, width=32, steps=40, seed=7, lr=0.05),
    # --clip small enough to be active: the step is W - lr * c * dW (c over every gradient,
    # dgamma and dbeta included); with --batchnorm also gamma, beta and the running statistics
    dict(left="tanh", right="relu", head="bce", depth=4, width=8, steps=0, seed=8, lr=0.1, clip=0.01),
    dict(left="silu", right="leaky_relu", head="ce", depth=5, width=12, steps=20, seed=9, lr=0.05,
         residual=True, clip=0.01),
    dict(left="gelu", right="sigmoid", head="mse", depth=4, width=12, steps=0, seed=10, lr=0.05,
         batchnorm=True, clip=0.01),
    dict(left="relu", right="tanh", head="ce-double-softmax", depth=6, width=16, steps=25, seed=11, lr=0.05,
         residual=True, batchnorm=True, clip=0.01),
    # batchnorm with a clip too large to act: exactly W - lr * dW
    dict(left="linear", right="sigmoid", head="bce", depth=3, width=8, steps=10, seed=12, lr=0.1,
         batchnorm=True, clip=1000.0),
]
# clipped step: besides SGD_ATOL * max|W|, one float32 rounding of W (the
# order of the float32 products may differ) and 1e-5 of the update (c comes
# from a float32 sum of squares)
CLIP_RTOL = 1e-5
# running statistics after one step vs PyTorch's update from the dumped ones:
# RS_RTOL * (|expected| + momentum * the batch statistic's float32 rounding scale)
RS_RTOL = 1e-6


def describe(c):
    s = "%s d%dw%d %s steps %d seed %d init %s %s lr %g batch %d" % (
        HEAD_DATASET[c["head"]], c["depth"], c["width"], c["head"], c["steps"], c["seed"],
        c.get("init", "auto"), c.get("optimizer", "sgd"), c["lr"], c.get("batch", 32))
    if c.get("leaky_alpha") is not None:
        s += " leaky-alpha %g" % c["leaky_alpha"]
    for k in ("residual", "batchnorm"):
        if c.get(k):
            s += " --" + k
    if c.get("clip") is not None:
        s += " --clip %g" % c["clip"]
    return s


def meta(c, side, steps):
    return dict(act=c[side], head=c["head"], steps=steps, residual=bool(c.get("residual")),
                batchnorm=bool(c.get("batchnorm")), clip=c.get("clip"))


def clip_factor(run, clip):
    """torch.nn.utils.clip_grad_norm_'s factor over every gradient of the run."""
    if clip is None:
        return 1.0, None
    total = math.sqrt(sum(float(torch.tensor(L[g], dtype=torch.float64).pow(2).sum())
                          for L in run["layers"] for g, _ in GRADS if g in L))
    return min(1.0, clip / (total + 1e-6)), total


def running_stats_check(ra, rb, side):
    """rb's running statistics (one step after ra) against nn.BatchNorm1d's
    own update: a training-mode forward of ra's minibatch with ra's weights,
    starting from ra's running statistics. Returns (problems, worst error as
    a fraction of its tolerance)."""
    problems, worst = [], 0.0
    expect = {}
    for dtype in (torch.float32, torch.float64):
        with torch.no_grad():
            layers, _ = forward(ra, dtype, running=True)
        expect[dtype] = layers
    if ra["step"] == 0:
        for l, L in enumerate(ra["layers"][:-1]):
            if any(v != 0 for v in L["running_mean"]) or any(v != 1 for v in L["running_var"]):
                problems.append("%s layer %d: running statistics at step 0 are not PyTorch's 0 and 1: "
                                "mean %s, var %s" % (side, l + 1, L["running_mean"][:4], L["running_var"][:4]))
    for l, (L, r64, r32) in enumerate(zip(rb["layers"][:-1], expect[torch.float64], expect[torch.float32])):
        h, W, b, lin = r64["h"], r64["W"].detach(), r64["b"].detach(), r64["lin"].detach()
        S_lin = h.abs() @ W.abs().t() + b.abs()             # float32 rounding scale of lin
        n = lin.shape[0]
        scales = {"running_mean": S_lin.max(0).values,
                  "running_var": 2 * ((lin - lin.mean(0)).abs() * S_lin).max(0).values * n / (n - 1)}
        for key in ("running_mean", "running_var"):
            e64 = getattr(r64["bn"], key)
            e32 = getattr(r32["bn"], key).to(torch.float64)
            got = torch.tensor(L[key], dtype=torch.float64)
            diff = (got - e64).abs()
            allowed = RS_RTOL * (e64.abs() + 0.1 * scales[key]) + NOISE * float((e32 - e64).abs().max())
            worst = max(worst, float((diff / allowed).max()))
            if bool((diff > allowed).any()):
                w = int((diff / allowed).argmax())
                problems.append("%s layer %d %s[%d]: %d of %d off; got %.9g, BatchNorm1d's update %.9g "
                                "(from %.9g; batch mean %.9g, unbiased var %.9g; allowed %.3g)"
                                % (side, l + 1, key, w, int((diff > allowed).sum()), diff.numel(),
                                   float(got[w]), float(e64[w]),
                                   float(ra["layers"][l][key][w]), float(lin.mean(0)[w]),
                                   float(lin.var(0, unbiased=True)[w]), float(allowed[w])))
    return problems, worst


def sgd_check(binary, scratch, n, c):
    """One SGD step from the K-step dump equals the (K+1)-step dump's weights.
    Returns (ok, line, problems)."""
    c = dict(c, init="auto", optimizer="sgd", batch=32)
    K = c["steps"]
    label = "sgd step %d -> %d: %s vs %s, %s" % (K, K + 1, c["left"], c["right"], describe(c))
    problems, max_abs, max_scaled, exact, count = [], 0.0, 0.0, 0, 0
    factors, rs_worst = [], None
    try:
        dK = load_dump(binary, os.path.join(scratch, "torch_check_sgd%d_a.json" % n), **c)
        dK1 = load_dump(binary, os.path.join(scratch, "torch_check_sgd%d_b.json" % n), **dict(c, steps=K + 1))
        for side, ra, rb in zip(("left", "right"), dK["runs"], dK1["runs"]):
            check_run_meta(ra, **meta(c, side, K))
            check_run_meta(rb, **meta(c, side, K + 1))
            cf, total = clip_factor(ra, c.get("clip"))
            factors.append(cf)
            if c.get("clip") is not None and c["clip"] <= 0.01 and cf >= 1.0:
                problems.append("%s: --clip %g is not active (gradient norm %.3g): pick a smaller one"
                                % (side, c["clip"], total))
            lr = torch.tensor(ra["lr"], dtype=torch.float32)
            cf32 = torch.tensor(cf, dtype=torch.float32)
            implied = []
            for l, (La, Lb) in enumerate(zip(ra["layers"], rb["layers"])):
                for g, p in GRADS:
                    if g not in La:
                        continue
                    P = torch.tensor(La[p], dtype=torch.float32)
                    G = torch.tensor(La[g], dtype=torch.float32)
                    if cf < 1.0:                   # clip_grad_norm_ scales the gradients, then the step
                        step = lr * (G * cf32)
                        expect = P - step
                    else:
                        step = lr * G
                        expect = P - step          # two float32 roundings, like the C loop
                    got = torch.tensor(Lb[p], dtype=torch.float32)
                    diff = (got.double() - expect.double()).abs()
                    scale = max(float(P.abs().max()), float(got.abs().max()), 1e-30)
                    allowed = SGD_ATOL * scale + torch.zeros_like(diff)
                    if cf < 1.0:
                        allowed = allowed + 2 * EPS32 * P.double().abs() + CLIP_RTOL * step.double().abs()
                        big = (lr * G).double().abs() > 1e3 * EPS32 * P.double().abs().clamp(min=1e-30)
                        if bool(big.any()):        # the factor the dump's step implies
                            implied.append(((P.double() - got.double()) / (lr * G).double())[big])
                    exact += int((diff == 0).sum())
                    count += diff.numel()
                    max_abs = max(max_abs, float(diff.max()))
                    max_scaled = max(max_scaled, float(diff.max()) / scale)
                    if bool((diff > allowed).any()):
                        w = int((diff / allowed).argmax())
                        problems.append("%s layer %d %s: %d of %d elements off; worst got %.9g, "
                                        "%s-lr*c*%s %.9g (%s %.9g, %s %.9g, lr %.9g, c %.9g)"
                                        % (side, l + 1, p, int((diff > allowed).sum()), diff.numel(),
                                           float(got.flatten()[w]), p, g, float(expect.flatten()[w]),
                                           p, float(P.flatten()[w]), g, float(G.flatten()[w]), float(lr), cf))
            if implied and any(q.startswith(side) for q in problems):
                imp = float(torch.cat(implied).median())
                wo_bn = clip_factor({"layers": [{k: L[k] for k in ("dW", "db")} for L in ra["layers"]]},
                                    c["clip"])[0]
                problems.append("%s: clip factor expected %.9g (norm %.9g over all gradients), the dump's "
                                "step implies %.9g (over dW, db only it would be %.9g)"
                                % (side, cf, total, imp, wo_bn))
            moved = any(La["W"] != Lb["W"] for La, Lb in zip(ra["layers"], rb["layers"]))
            if not moved:
                problems.append("%s: weights did not change in one SGD step" % side)
            if c.get("batchnorm"):
                rs_problems, w = running_stats_check(ra, rb, side)
                problems += rs_problems
                rs_worst = max(rs_worst or 0.0, w)
    except (CaseFailure, OSError, KeyError, TypeError, ValueError, IndexError) as e:
        return False, label, [str(e)]
    line = "%s | W_K+1 vs W_K - lr*%sdW_K: max abs %.1e, /max|W| %.1e, %d of %d bit-exact" % (
        label, "c*" if c.get("clip") is not None else "", max_abs, max_scaled, exact, count)
    if c.get("clip") is not None:
        line += " (c %s)" % " / ".join("%.4g" % f for f in factors)
    if rs_worst is not None:
        line += "; running stats vs BatchNorm1d's update: %.0f%% of tol" % (100 * rs_worst)
    return not problems, line, problems


# --------------------------------------------------------------------------
# the CSV's new statistics: delta_norm, weight_spectral_norm, slope_mean, delta_bound

# Statistics of step K describe the weights after K - 1 steps and step K's
# minibatch: exactly what the dump after K - 1 steps holds (its "next" batch).
STATS_CASES = [
    dict(steps=1, left="sigmoid", right="relu", head="bce", depth=6, width=16),
    dict(steps=40, left="tanh", right="leaky_relu", head="ce", depth=4, width=12, leaky_alpha=0.2),
    dict(steps=25, left="gelu", right="silu", head="mse", depth=3, width=8, optimizer="adam", lr=0.01),
    dict(steps=30, left="sigmoid", right="linear", head="ce-double-softmax", depth=5, width=8),
    dict(steps=20, left="sigmoid", right="relu", head="bce", depth=8, width=16, residual=True, batchnorm=True),
    dict(steps=1, left="relu", right="tanh", head="bce", depth=10, width=32, init="normal", batchnorm=True),
    dict(steps=15, left="sigmoid", right="tanh", head="ce", depth=12, width=16, residual=True),
]
STATS_RTOL = 1e-4        # ‖W‖₂ and the bound, both promised to 1e-4
DELTA_RTOL = 2e-4        # ‖δ‖ and mean |f'|: float32 against float64 over a whole layer


def read_csv_step(path, step):
    """{side: [row dict per layer]} of one step of a gradflow CSV."""
    import csv
    rows = {"left": [], "right": []}
    with open(path) as f:
        for row in csv.DictReader(f):
            if int(row["step"]) == step:
                rows[row["run"]].append(row)
    return rows


def torch_stats(run):
    """Per layer (‖δ‖, ‖W‖₂, mean |f'(z)| or None, |γ|/sqrt(var+eps) max or None) in float64."""
    dtype = torch.float64
    layers, logits = forward(run, dtype)
    for rec in layers:
        rec.setdefault("z", logits if rec is layers[-1] else rec["lin"])
        rec["z"].retain_grad()
    loss, _ = head_loss(logits, run, dtype)
    loss.backward()
    act = activation(run["activation"], run["leaky_alpha"])
    out = []
    for l, rec in enumerate(layers):
        W = rec["W"].detach()
        sigma = float(torch.linalg.matrix_norm(W, ord=2))
        delta = float(rec["z"].grad.norm())
        slope = bn = None
        if l + 1 < len(layers):
            z = rec["z"].detach().clone().requires_grad_(True)
            act(z).sum().backward()
            slope = float(z.grad.abs().mean())
            if "bn" in rec:
                lin = rec["lin"].detach()
                inv_std = 1.0 / torch.sqrt(lin.var(dim=0, unbiased=False) + 1e-5)
                bn = float((rec["gamma"].detach().abs() * inv_std).max())
        out.append((delta, sigma, slope, bn))
    return out


MAX_SLOPE = {"linear": 1.0, "sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0,
             "gelu": 1.1289041, "silu": 1.0998393}


def stats_check(binary, scratch, n, c):
    """The CSV's step-K statistics against torch on the (K-1)-step dump."""
    c = dict(dict(seed=1, lr=0.05), **c)
    steps = c.pop("steps")
    csv_path = os.path.join(scratch, "torch_stats_%02d.csv" % n)
    dump = os.path.join(scratch, "torch_stats_%02d.json" % n)
    label = "statistics %s (step %d)" % (describe(dict(c, steps=steps)), steps)
    problems = []
    worst = {"delta": 0.0, "sigma": 0.0, "slope": 0.0, "bound": 0.0}
    try:
        p, args = run_gradflow(binary, os.path.join(scratch, "torch_stats_unused.json"), steps=steps, csv=csv_path, **c)
        if p.returncode != 0:
            raise CaseFailure("gradflow exited %d: %s" % (p.returncode, p.stderr.strip()))
        rows = read_csv_step(csv_path, steps)
        d = load_dump(binary, dump, steps=steps - 1, **c)
    except (CaseFailure, OSError, ValueError) as e:
        return False, label, [str(e)]
    for side, run in zip(("left", "right"), d["runs"]):
        ts = torch_stats(run)
        if len(rows[side]) != len(ts):
            problems.append("%s: %d CSV rows for %d layers" % (side, len(rows[side]), len(ts)))
            continue
        s_max = max(MAX_SLOPE[run["activation"]], run["leaky_alpha"] if run["activation"] == "leaky_relu" else 0)
        bound = None
        skip_g = 0.0
        for l in range(len(ts) - 1, -1, -1):
            row, (delta, sigma, slope, bn) = rows[side][l], ts[l]
            got = {k: float(row[k]) if row[k] != "" else None
                   for k in ("delta_norm", "weight_spectral_norm", "slope_mean", "delta_bound")}
            where = "%s layer %d" % (side, l + 1)
            err = abs(got["delta_norm"] - delta) / max(delta, 1e-30)
            worst["delta"] = max(worst["delta"], err)
            if err > DELTA_RTOL and abs(got["delta_norm"] - delta) > 1e-30:
                problems.append("%s: delta_norm %.9g, torch %.9g" % (where, got["delta_norm"], delta))
            err = (got["weight_spectral_norm"] - sigma) / sigma if sigma else got["weight_spectral_norm"]
            worst["sigma"] = max(worst["sigma"], abs(err))
            if abs(err) > STATS_RTOL or err < -1e-6:
                problems.append("%s: weight_spectral_norm %.9g, torch.linalg.matrix_norm(ord=2) %.9g"
                                % (where, got["weight_spectral_norm"], sigma))
            if slope is None:
                if got["slope_mean"] is not None:
                    problems.append("%s: slope_mean %r for the output layer (should be empty)" % (where, row["slope_mean"]))
            else:
                err = abs(got["slope_mean"] - slope) / max(slope, 1e-30)
                worst["slope"] = max(worst["slope"], err)
                if err > DELTA_RTOL and abs(got["slope_mean"] - slope) > 1e-7:
                    problems.append("%s: slope_mean %.9g, torch %.9g" % (where, got["slope_mean"], slope))
            # the bound, rebuilt from torch's own numbers
            if bound is None:
                bound, g = delta, 0.0
            else:
                nxt = ts[l + 1]
                through = nxt[1] * bound * (nxt[3] if nxt[3] is not None else 1.0)
                skip = run["residual"] and 1 <= l + 1 < len(ts) - 1
                g = through + skip_g if skip else through
                bound = s_max * g
            skip_g = g
            err = abs(got["delta_bound"] - bound) / max(bound, 1e-30)
            worst["bound"] = max(worst["bound"], err)
            if err > 10 * STATS_RTOL * (len(ts) - l):
                problems.append("%s: delta_bound %.9g, rebuilt from torch %.9g" % (where, got["delta_bound"], bound))
            if not got["delta_norm"] <= got["delta_bound"] * (1 + 1e-5):
                problems.append("%s: delta_norm %.9g above delta_bound %.9g" % (where, got["delta_norm"], got["delta_bound"]))
    line = ("%s | delta_norm rel %.1e, weight_spectral_norm rel %.1e, slope_mean rel %.1e, delta_bound rel %.1e"
            % (label, worst["delta"], worst["sigma"], worst["slope"], worst["bound"]))
    return not problems, line, problems


# the distributions inside the network: CSV columns against the dump

DIST_COLUMNS = ("z_p15", "z_p50", "z_p85", "act_mean", "act_std")
DIST_TOL = 1e-5
DIST_CASES = [
    dict(steps=0, left="sigmoid", right="relu", head="bce", depth=5, width=16, seed=1, lr=0.05),
    dict(steps=30, left="tanh", right="leaky_relu", head="bce", depth=5, width=16, init="classic", seed=1, lr=0.05),
    dict(steps=0, left="gelu", right="silu", head="ce", depth=4, width=8, batch=7, batchnorm=True, seed=1, lr=0.05),
    dict(steps=20, left="sigmoid", right="tanh", head="bce", depth=6, width=12, batchnorm=True, seed=1, lr=0.05),
    dict(steps=10, left="linear", right="relu", head="mse", depth=3, width=5, batch=9, residual=True, seed=1, lr=0.05),
]


def read_csv_cells(path, step):
    """{side: {layer: {column: text}}} of the CSV rows of one step, and the header."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = {}
        for line in f:
            cells = dict(zip(header, line.rstrip("\n").split(",")))
            if int(cells["step"]) == step:
                rows.setdefault(cells["run"], {})[int(cells["layer"])] = cells
    return header, rows


def dist_check(binary, scratch, n, c):
    label = "distributions %-10s vs %-10s %s" % (c["left"], c["right"], describe(c))
    dump = os.path.join(scratch, "torch_check_dist_%02d.json" % n)
    csv = os.path.join(scratch, "torch_check_dist_%02d.csv" % n)
    spare = os.path.join(scratch, "torch_check_dist_%02d_spare.json" % n)
    problems = []
    try:
        d = load_dump(binary, dump, **c)
        more = dict(c, steps=c["steps"] + 1)
        p, args = run_gradflow(binary, spare, extra=("--csv", csv), **more)
        if p.returncode != 0:
            raise CaseFailure("gradflow exited %d: %s" % (p.returncode, p.stderr.strip()))
        header, rows = read_csv_cells(csv, c["steps"] + 1)
    except (CaseFailure, OSError, ValueError) as e:
        return False, label, [str(e)]
    if tuple(header[-len(DIST_COLUMNS):]) != DIST_COLUMNS:
        problems.append("CSV header ends %s, not %s" % (header[-len(DIST_COLUMNS):], list(DIST_COLUMNS)))
        return False, label, problems
    worst = 0.0
    for side, run in zip(("left", "right"), d["runs"]):
        act = activation(run["activation"], run["leaky_alpha"])
        with torch.no_grad():
            layers, _ = forward(run, torch.float32)
        last = len(run["layers"])
        got_rows = rows.get(side, {})
        if sorted(got_rows) != list(range(1, last + 1)):
            problems.append("%s: CSV step %d has layers %s" % (side, c["steps"] + 1, sorted(got_rows)))
            continue
        out_cells = [got_rows[last][k] for k in DIST_COLUMNS]
        if any(out_cells):
            problems.append("%s: output layer's distribution cells are not empty: %s" % (side, out_cells))
        for l, rec in enumerate(layers[:-1]):
            z = rec["z"].detach().flatten().double()
            a = act(rec["z"].detach()).flatten().double()
            qs = torch.quantile(z, torch.tensor([0.15, 0.50, 0.85], dtype=torch.float64), interpolation="linear")
            want = {"z_p15": float(qs[0]), "z_p50": float(qs[1]), "z_p85": float(qs[2]),
                    "act_mean": float(a.mean()), "act_std": float(a.std(unbiased=False))}
            scale = {k: 1.0 + float(z.abs().max()) for k in DIST_COLUMNS[:3]}
            scale.update({k: 1.0 + float(a.abs().max()) for k in DIST_COLUMNS[3:]})
            for k in DIST_COLUMNS:
                cell = got_rows[l + 1][k]
                try:
                    got = float(cell)
                except ValueError:
                    problems.append("%s layer %d %s: %r is not a number" % (side, l + 1, k, cell))
                    continue
                err = abs(got - want[k])
                tol = DIST_TOL * scale[k]
                worst = max(worst, err / tol)
                if not err <= tol:
                    problems.append("%s layer %d %s: CSV %.9g, torch %.9g, difference %.3g > tolerance %.3g"
                                    % (side, l + 1, k, got, want[k], err, tol))
    return not problems, "%s | worst %.0f%% of tol" % (label, 100 * worst), problems


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2])
        return 2
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    start = time.time()
    passed = failed = 0
    per_group = {g: {} for g in HEADS + REMEDY_KINDS}
    combos = set()            # (activation, head) of the plain MLPs that passed
    remedy_combos = set()     # (remedy, activation) and (remedy, head) that passed
    deep_passed = []

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
    for n, c in enumerate(gradient_cases() + remedy_cases()):
        dump = os.path.join(scratch, "torch_check_%02d.json" % n)
        kind = remedy_kind(c)
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
                check_run_meta(run, **meta(c, side, c["steps"]))
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
            if not problems and kind is None:
                combos.add((act, c["head"]))
            elif not problems:
                remedy_combos.update({(kind, act), (kind, c["head"])})
                if c["depth"] >= 12 and act == "sigmoid" and kind == "residual+batchnorm":
                    deep_passed.append(c["steps"])
            agg = per_group[kind or c["head"]]
            for k in ("f32_loss_rel", "f32_abs", "f32_scaled", "f32_rel", "f32_ratio",
                      "f64_loss_rel", "f64_scaled", "f64_rel", "f64_ratio"):
                agg[k] = max(agg.get(k, 0.0), st[k])

    missing = [(a, h) for h in HEADS for a in ACTS if (a, h) not in combos]
    record(not missing, "activation x head coverage: %d of %d combinations checked and passing"
           % (28 - len(missing), 28), ["not covered or failing: %s/%s" % m for m in missing])
    need = [(k, x) for k in REMEDY_KINDS for x in ACTS + HEADS]
    missing = [m for m in need if m not in remedy_combos]
    if not deep_passed:
        missing.append(("residual+batchnorm", "deep 12 x 16 sigmoid"))
    record(not missing, "remedy coverage: every activation and every head with --residual, --batchnorm "
           "and both, and the deep 12 x 16 sigmoid residual+batchnorm net: %d of %d checked and passing"
           % (len(need) + 1 - len(missing), len(need) + 1),
           ["not covered or failing: %s with %s" % m for m in missing])

    # ---- one SGD step is W - lr * dW (W - lr * c * dW with --clip), and the
    # ---- running statistics follow BatchNorm1d's update
    for n, c in enumerate(SGD_CASES):
        record(*sgd_check(binary, scratch, n, c))

    # ---- the CSV's delta_norm, weight_spectral_norm, slope_mean and delta_bound
    for n, c in enumerate(STATS_CASES):
        record(*stats_check(binary, scratch, n, c))
    # ---- the CSV's distribution columns describe the dump's minibatch
    for n, c in enumerate(DIST_CASES):
        record(*dist_check(binary, scratch, n, c))

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
    print("\nobserved maxima per head (plain MLPs) and per remedy (f32 / f64 rebuild vs dump):")
    for group in HEADS + REMEDY_KINDS:
        a = per_group[group]
        if a:
            print("  %-18s f32: loss rel %.2g, grad abs %.2g, /layer-max %.2g, rel %.2g, %.0f%% of tol | "
                  "f64: loss rel %.2g, /layer-max %.2g, rel %.2g, %.0f%% of tol"
                  % (group, a["f32_loss_rel"], a["f32_abs"], a["f32_scaled"], a["f32_rel"], 100 * a["f32_ratio"],
                     a["f64_loss_rel"], a["f64_scaled"], a["f64_rel"], 100 * a["f64_ratio"]))
    print("  (tolerances: f32 |err| <= %g*|g| + %g*eps*layers*S + %g*f32 noise, "
          "f64 |err| <= %g*layer max + the same; %.1f s)" % (RTOL32, K32, NOISE, RTOL64, time.time() - start))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
