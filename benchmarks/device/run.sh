#!/usr/bin/env bash
# Runs on the lent GPU machine (root, no .NET SDK, no network) from the repository root, after prepare.sh here:
# unpacks the carried .NET runtime, points the carried OpenCL loader at NVIDIA's OpenCL driver, runs every OpenCL
# test (reflection runner) and the device timings, then PyTorch's figures for the same workloads on CUDA.
set -uo pipefail
out=${OUT:-/tmp/out}
mkdir -p /tmp/dn /tmp/dc /tmp/tests /tmp/ocl/vendors "$out"
tar -C /tmp/dn -xJf .device/runtime.tar.xz
tar -C /tmp/dc -xJf .device/devicecheck.tar.xz
tar -C /tmp/tests -xJf .device/tests.tar.xz
cp .device/libOpenCL.so.1 /tmp/ocl/
nv=$(ldconfig -p | awk '/libnvidia-opencl.so.1/ {print $NF; exit}')
[ -n "$nv" ] || nv=$(find / -xdev -name 'libnvidia-opencl.so*' 2>/dev/null | head -1)
echo "NVIDIA OpenCL driver: ${nv:-none found}"; ls /etc/OpenCL/vendors 2>/dev/null
echo "$nv" > /tmp/ocl/vendors/nvidia.icd
export OCL_ICD_VENDORS=/tmp/ocl/vendors LD_LIBRARY_PATH=/tmp/ocl:${LD_LIBRARY_PATH:-}
export DOTNET_ROOT=/tmp/dn DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_gcServer=0
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv
dn=/tmp/dn/dotnet
filters=${DEVICE_TESTS:-.OpenCL. OpenCLTests}
timeout 240 $dn /tmp/dc/AutoDiffGen.DeviceCheck.dll tests /tmp/tests/AutoDiffGen.Tests.dll $filters 2>&1 | tee "$out/tests.log" | grep -v '^  passed'
timeout 200 $dn /tmp/dc/AutoDiffGen.DeviceCheck.dll timings ${TIMINGS_ARGS:-} 2>&1 | tee "$out/timings.log"
timeout 150 python3 benchmarks/device/torch_reference.py 2>&1 | tee "$out/torch.log"
