"""The plain PyTorch script a user would write for the platform's LeNet-5 job (bench/training/e2e.sh).

Full MNIST from the IDX files the platform fetched ($IMCLAB_HOME/datasets-raw): 54 000 train / 6 000 validation
(a seeded random split of the official training set, sizes as the platform's valFraction 0.1) / the official 10 000
test images; per-channel standardisation with the training split's mean and std; LeNet-5 as the platform's spec;
Adam lr 1e-3 with a per-batch cosine decay to 0 over all steps, batch 64, 4 epochs; validation every epoch
(batch 256); test accuracy at the end. Tensors are indexed directly (no DataLoader worker processes), the fastest
plain way for an in-memory data set.
Usage: torch_mnist.py raw_dir threads epochs   -> prints "TEST_ACC 0.98xx" last
"""
import sys
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def evaluate(model, x, y):
    model.eval()
    correct = 0
    loss = 0.0
    with torch.no_grad():
        for i in range(0, len(x), 256):
            out = model(x[i:i + 256])
            loss += F.cross_entropy(out, y[i:i + 256], reduction="sum").item()
            correct += (out.argmax(1) == y[i:i + 256]).sum().item()
    model.train()
    return correct / len(x), loss / len(x)


def main():
    raw, threads, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    images = idx(f"{raw}/train-images-idx3-ubyte")
    labels = idx(f"{raw}/train-labels-idx1-ubyte").astype(np.int64)
    order = np.random.default_rng(42).permutation(len(images))
    n_val = len(images) // 10
    tr, va = order[n_val:], order[:n_val]
    x = torch.from_numpy(images.astype(np.float32)).unsqueeze(1)
    mean, std = x[tr].mean().item(), x[tr].std().item()
    x = (x - mean) / std
    y = torch.from_numpy(labels)
    xt, yt, xv, yv = x[tr], y[tr], x[va], y[va]
    test_x = (torch.from_numpy(idx(f"{raw}/t10k-images-idx3-ubyte").astype(np.float32)).unsqueeze(1) - mean) / std
    test_y = torch.from_numpy(idx(f"{raw}/t10k-labels-idx1-ubyte").astype(np.int64))
    model = lenet5()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch = 64
    steps = epochs * ((len(xt) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    print(f"ENGINE torch {torch.__version__} intra-op threads {torch.get_num_threads()}"
          f" train {len(xt)} val {len(xv)} test {len(test_x)} (setup {time.perf_counter() - T0:.1f} s)", flush=True)
    for epoch in range(epochs):
        start = time.perf_counter()
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), batch):
            b = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xt[b]), yt[b])
            loss.backward()
            opt.step()
            sched.step()
        train_s = time.perf_counter() - start
        acc, vloss = evaluate(model, xv, yv)
        print(f"epoch {epoch + 1}: train {train_s:.1f} s, val_acc {acc:.4f} val_loss {vloss:.4f}", flush=True)
    acc, _ = evaluate(model, test_x, test_y)
    print(f"TEST_ACC {acc:.4f} after {time.perf_counter() - T0:.1f} s in-process", flush=True)


if __name__ == "__main__":
    main()
