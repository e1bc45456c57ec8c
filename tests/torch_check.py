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

* float32 rebuild vs dump: the loss agrees within rtol 1e-5 (atol 1e-6) and
  every element of every dW, db within  RTOL32*|g| + ATOL32*max|layer grad|,
  i.e. only float32 rounding (accumulated over the depth) separates the two.
* float64 rebuild vs dump: every element within  RTOL64 * max|layer grad|
  (loss within 1e-4 relative): gradflow's float32 numbers are the true
  gradients of the true loss, not merely the same rounding as torch's.
* the gradient is not silently zero: sum |dW| over all layers > 0, unless
  torch finds the gradient vanished too.
* one SGD step is exactly the update rule: with --optimizer sgd the weights
  dumped after K+1 steps equal  W_K - lr * dW_K  computed in float32 torch
  from the K-step dump (same minibatch: the dump shows the *next* batch).
* an existing dump file is refused without --overwrite and left untouched.

Every case prints one line with the errors it observed; the last line is
"N passed, M failed" and the exit status is 0 only when nothing failed.
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

# float32 rebuild: elementwise tolerance atol + rtol*|g|, with atol relative
# to the layer's largest gradient (so a vanished layer is judged on its own
# scale, not against the 1e-6 absolute noise floor of the others).
RTOL32 = 1e-4
ATOL32 = 1e-6          # times max |grad| of the layer
LOSS_RTOL32, LOSS_ATOL32 = 1e-5, 1e-6
# float64 rebuild: gradflow is float32, so compare relative to the layer max.
RTOL64 = 1e-3          # times max |grad| of the layer
LOSS_RTOL64 = 1e-4
# SGD step: W_{K+1} vs float32 W_K - lr*dW_K.
SGD_ATOL = 1e-7        # times max |W| of the layer

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


def rebuild(run, dtype):
    """Loss and per-layer (dW, db) of the dumped run, by torch autograd in dtype.
    Returns (loss, grads, note) where note says if bce had to fall back."""
    act = activation(run["activation"], run["leaky_alpha"])
    params = []
    for L in run["layers"]:
        W = torch.tensor(L["W"], dtype=dtype, requires_grad=True)
        b = torch.tensor(L["b"], dtype=dtype, requires_grad=True)
        params.append((W, b))
    h = torch.tensor(run["x"], dtype=dtype)
    for l, (W, b) in enumerate(params):
        z = F.linear(h, W, b)
        h = act(z) if l + 1 < len(params) else z
    logits = h
    head, y = run["head"], run["y"]
    note = ""
    if head == "bce":
        target = torch.tensor(y, dtype=dtype).reshape(-1, 1)
        p = torch.sigmoid(logits)
        if bool(((p == 0) | (p == 1)).any()):
            # BCELoss on a rounded-off probability is not the function of the
            # logit gradflow differentiates (it fuses sigmoid into the loss).
            note = " (sigmoid rounded to 0/1 in %s: used BCEWithLogits)" % str(dtype)[6:]
            loss = F.binary_cross_entropy_with_logits(logits, target)
        else:
            loss = nn.BCELoss()(p, target)
    elif head == "ce":
        loss = nn.CrossEntropyLoss()(logits, torch.tensor(y, dtype=torch.long))
    elif head == "ce-double-softmax":
        probs = torch.softmax(logits, dim=1)
        loss = nn.CrossEntropyLoss()(probs, torch.tensor(y, dtype=torch.long))
    elif head == "mse":
        loss = nn.MSELoss()(logits, torch.tensor(y, dtype=dtype))
    else:
        raise CaseFailure("unknown head %r" % head)
    loss.backward()
    grads = [(W.grad.detach(), b.grad.detach()) for W, b in params]
    return float(loss), grads, note


def compare_run(run):
    """Compares one dumped run with its float32 and float64 rebuilds.
    Returns (problems, stats) where stats holds the observed errors."""
    problems = []
    dumped = [(torch.tensor(L["dW"], dtype=torch.float64), torch.tensor(L["db"], dtype=torch.float64))
              for L in run["layers"]]
    loss_d = run["loss"]
    st = {}

    # the gradient must not be silently zero
    total = sum(float(dW.abs().sum()) for dW, _ in dumped)

    for dtype, tag in ((torch.float32, "f32"), (torch.float64, "f64")):
        loss_t, grads, note = rebuild(run, dtype)
        st[tag + "_note"] = note
        loss_err = abs(loss_t - loss_d)
        loss_rel = loss_err / max(abs(loss_d), 1e-30)
        st[tag + "_loss_rel"] = loss_rel
        if tag == "f32":
            ok = loss_err <= LOSS_ATOL32 + LOSS_RTOL32 * abs(loss_d)
        else:
            ok = loss_rel <= LOSS_RTOL64
        if not math.isfinite(loss_t) or not ok:
            problems.append("%s loss: torch %.9g, dump %.9g (rel err %.3g)" % (tag, loss_t, loss_d, loss_rel))

        max_abs = max_scaled = max_rel = max_ratio = 0.0
        torch_total = sum(float(g[0].abs().sum()) for g in grads)
        if tag == "f32" and total == 0.0 and torch_total != 0.0:
            problems.append("dump's gradient is all zeros but torch's is not (sum |dW| = %.3g)" % torch_total)
        for l, ((gW, gb), (dW, db)) in enumerate(zip(grads, dumped)):
            for name, g, d in (("dW", gW, dW), ("db", gb, db)):
                g = g.to(torch.float64)
                diff = (g - d).abs()
                scale = max(float(d.abs().max()), float(g.abs().max()))
                if scale == 0.0:
                    continue          # both exactly zero: nothing to compare
                max_abs = max(max_abs, float(diff.max()))
                max_scaled = max(max_scaled, float(diff.max()) / scale)
                big = d.abs() >= 1e-3 * scale      # relative error where it is meaningful
                if bool(big.any()):
                    max_rel = max(max_rel, float((diff[big] / d.abs()[big]).max()))
                if tag == "f32":
                    allowed = ATOL32 * scale + RTOL32 * d.abs()
                else:
                    allowed = torch.full_like(d, RTOL64 * scale)
                ratio = diff / allowed
                worst = int(ratio.argmax())
                max_ratio = max(max_ratio, float(ratio.max()))
                if float(ratio.max()) > 1.0:
                    idx = unravel(worst, list(d.shape))
                    bad = int((ratio > 1.0).sum())
                    problems.append(
                        "%s layer %d %s%s: %d of %d elements off; worst torch %.9g vs dump %.9g "
                        "(abs err %.3g, %.3g of layer max %.3g)"
                        % (tag, l + 1, name, idx, bad, d.numel(),
                           float(g.flatten()[worst]), float(d.flatten()[worst]),
                           float(diff.flatten()[worst]), float(diff.flatten()[worst]) / scale, scale))
        st[tag + "_abs"], st[tag + "_scaled"], st[tag + "_rel"], st[tag + "_ratio"] = \
            max_abs, max_scaled, max_rel, max_ratio
        st[tag + "_total"] = torch_total
    st["total"] = total
    return problems, st


def unravel(flat_index, shape):
    idx = []
    for n in reversed(shape):
        idx.append(flat_index % n)
        flat_index //= n
    return list(reversed(idx))



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
                     init=inits[(h + j) % 4], optimizer="sgd", lr=0.05, batch=32)
            cases.append(c)
            i += 1
    # variations on top of the plain grid
    cases[1].update(init="normal", steps=30, lr=0.01)            # N(0, 1) weights, trained
    cases[5].update(optimizer="adam", lr=0.01, steps=40)
    cases[10].update(optimizer="momentum", lr=0.02, steps=40)
    cases[14].update(optimizer="adam", lr=0.005, steps=30, batch=64)
    cases[6].update(leaky_alpha=0.2, depth=5, width=16, batch=16)
    cases[15].update(init="normal", steps=0, depth=4, width=12)
    # the deep case: vanishing sigmoid gradients next to relu
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
        kw = {k: v for k, v in c.items()}
        try:
            d = load_dump(binary, dump, **kw)
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
            if st["total"] == 0.0:
                note = " [gradient vanished in dump and torch alike]"
            else:
                note = ""
            line = ("%s\n       f32: loss rel %.2g, grad max abs %.2g, max/layer-max %.2g, max rel %.2g%s"
                    " | f64: loss rel %.2g, max/layer-max %.2g, max rel %.2g%s%s"
                    % (label, st["f32_loss_rel"], st["f32_abs"], st["f32_scaled"], st["f32_rel"],
                       st["f32_note"], st["f64_loss_rel"], st["f64_scaled"], st["f64_rel"], st["f64_note"], note))
            record(not problems, line, problems)
            if not problems:
                combos.add((act, c["head"]))
            agg = per_head[c["head"]]
            for k in ("f32_loss_rel", "f32_abs", "f32_scaled", "f32_rel", "f64_loss_rel", "f64_scaled", "f64_rel"):
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
        except (CaseFailure, OSError, ValueError) as e:
            record(False, label, [str(e)])
            continue
        record(not problems, "%s\n       max abs %.2g, max/layer-max|W| %.2g, %d of %d elements bit-exact"
               % (label, max_abs, max_scaled, exact, count), problems)

    # ---- an existing dump is refused without --overwrite
    dump = os.path.join(scratch, "torch_check_refuse.json")
    with open(dump, "w") as f:
        f.write("keep me\n")
    p, _ = run_gradflow(binary, dump, steps=0, left="relu", right="tanh", head="bce", overwrite=False)
    with open(dump) as f:
        kept = f.read() == "keep me\n"
    record(p.returncode != 0 and kept,
           "existing --dump file without --overwrite: exit %d, file %s"
           % (p.returncode, "untouched" if kept else "CHANGED"),
           ["gradflow replaced or accepted an existing dump without --overwrite"])

    # ---- per-head summary of the gradient errors
    print("\nobserved maxima per head (f32 / f64 rebuild vs dump):")
    for head in HEADS:
        a = per_head[head]
        if a:
            print("  %-17s f32: loss rel %.2g, grad abs %.2g, /layer-max %.2g, rel %.2g | "
                  "f64: loss rel %.2g, /layer-max %.2g, rel %.2g"
                  % (head, a["f32_loss_rel"], a["f32_abs"], a["f32_scaled"], a["f32_rel"],
                     a["f64_loss_rel"], a["f64_scaled"], a["f64_rel"]))
    print("  (tolerances: f32 |err| <= %g*|g| + %g*layer max, f64 |err| <= %g*layer max; %.1f s)"
          % (RTOL32, ATOL32, RTOL64, time.time() - start))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
