"""PyTorch on CUDA, the same workloads as AutoDiffGen.DeviceCheck's timings, for a side-by-side on the lent GPU.

Run by run.sh on the device machine (its python3 holds PyTorch). Float32 throughout, TF32 off (our OpenCL GEMM is
plain float32), medians of CUDA-event timings after warm-up.
"""
import torch

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = torch.device("cuda")


def median_ms(fn, reps=20, warmup=3):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2]


rows = []
n = 16 * 1024 * 1024
x = (torch.arange(n, device=dev) % 1000).float() * 1e-3
a, b, c = (torch.tensor(v, device=dev, requires_grad=True) for v in (0.7, -0.2, 1.3))
dy = torch.ones_like(x)


def chain():
    y = torch.tanh(a * x + b) * c
    torch.autograd.grad(y, (a, b, c), dy)


ms = median_ms(chain)
rows.append(("PyTorch CUDA tanh chain autograd, fwd+bwd, 16M float32", ms, f"{4 * n * 4 / ms / 1e6:.0f} GB/s over the 256 MiB"))
compiled = torch.compile(lambda x, a, b, c: torch.tanh(a * x + b) * c)


def chain_compiled():
    y = compiled(x, a, b, c)
    torch.autograd.grad(y, (a, b, c), dy)


try:
    ms = median_ms(chain_compiled)
    rows.append(("PyTorch CUDA tanh chain torch.compile, fwd+bwd", ms, f"{4 * n * 4 / ms / 1e6:.0f} GB/s over the 256 MiB"))
except Exception as e:  # Inductor needs a working Triton; report rather than fail the whole script.
    rows.append(("PyTorch CUDA tanh chain torch.compile", float("nan"), f"failed: {type(e).__name__}"))

for size in (1024, 4096):
    ma, mb = torch.rand(size, size, device=dev), torch.rand(size, size, device=dev)
    ms = median_ms(lambda: ma @ mb)
    rows.append((f"PyTorch CUDA MatMul {size}^3 float32 (no TF32)", ms, f"{2 * size**3 / ms / 1e6:.0f} GFLOP/s"))

torch.manual_seed(7)
model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
opt = torch.optim.SGD(model.parameters(), lr=1e-2)
bx, by = torch.rand(64, 784, device=dev), torch.randint(0, 10, (64,), device=dev)


def step():
    opt.zero_grad(set_to_none=True)
    loss = torch.nn.functional.cross_entropy(model(bx), by)
    loss.backward()
    opt.step()


ms = median_ms(step, reps=200)
rows.append(("PyTorch CUDA MLP 784-128-10 batch 64 SGD step", ms, f"{ms * 1000:.0f} µs"))

lenet = torch.nn.Sequential(
    torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
    torch.nn.Linear(400, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(), torch.nn.Linear(84, 10)).to(dev)
lopt = torch.optim.SGD(lenet.parameters(), lr=1e-2)
lx = torch.rand(64, 1, 28, 28, device=dev)


def lenet_step():
    lopt.zero_grad(set_to_none=True)
    loss = torch.nn.functional.cross_entropy(lenet(lx), by)
    loss.backward()
    lopt.step()


ms = median_ms(lenet_step, reps=100)
rows.append(("PyTorch CUDA LeNet-5 batch 64 SGD step (cuDNN)", ms, f"{ms * 1000:.0f} µs"))

print(f"torch {torch.__version__}, {torch.cuda.get_device_name()}")
print("| what | median | |")
print("| --- | ---: | --- |")
for name, ms, extra in rows:
    print(f"| {name} | {ms:.3f} ms | {extra} |")
