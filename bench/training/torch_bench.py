"""Training throughput of the same models in PyTorch (Debian python3-torch), matching ThroughputBench.java.

Same architecture as the platform's specs (lenet5: conv 6@5x5 pad 2, pool, conv 16@5x5, pool, fc 120, 84, 10;
resnet20: CIFAR ResNet, option-B shortcuts), random uint8 images normalised per batch, cross-entropy,
SGD with momentum 0.9, lr 0.01, the same batch size and intra-op thread count. The first epoch is warm-up.
Usage: torch_bench.py model samples batch threads repeats
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.short is None else self.short(x)))


def resnet20():
    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    cin = 16
    for width, stride in ((16, 1), (32, 2), (64, 2)):
        for b in range(3):
            layers.append(Block(cin, width, stride if b == 0 else 1))
            cin = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def main():
    model_name, samples, batch, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    shape = (1, 28, 28) if model_name == "lenet5" else (3, 32, 32)
    model = lenet5() if model_name == "lenet5" else resnet20()
    params = sum(p.numel() for p in model.parameters())
    images = torch.randint(0, 256, (samples,) + shape, dtype=torch.uint8)
    labels = torch.randint(0, 10, (samples,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model.train()
    print(f"ENGINE torch {torch.__version__} intra-op threads {torch.get_num_threads()} params {params}")
    rates = []
    for epoch in range(1 + repeats):
        order = torch.randperm(samples)
        start = time.perf_counter()
        seen = 0
        for i in range(0, samples - 1, batch):
            idx = order[i:i + batch]
            x = (images[idx].float() / 255.0 - 0.5) / 0.25
            y = labels[idx]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            float(loss)
            seen += len(idx)
        rate = seen / (time.perf_counter() - start)
        print(f"epoch {epoch + 1}: {rate:.1f} samples/s" + (" (warm-up, not counted)" if epoch == 0 else ""))
        if epoch > 0:
            rates.append(rate)
    rates.sort()
    print(f"RESULT {model_name} {rates[len(rates) // 2]:.1f}")


if __name__ == "__main__":
    main()
