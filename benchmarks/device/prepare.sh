#!/usr/bin/env bash
# Builds what the device check needs and packs it into .device/ (git-ignored through .git/info/exclude), to be
# named in the device tool's `carry`: the .NET runtime (the GPU machines have no SDK), the DeviceCheck tool, the
# test assembly with its dependencies (not the 155 MB of other platforms' native libraries), and the OpenCL ICD
# loader. Then, on the device machine: `bash benchmarks/device/run.sh` (see docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qx '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> "$(git rev-parse --git-common-dir)/info/exclude"
dotnet build benchmarks/AutoDiffGen.DeviceCheck -c Release -v q -nologo
dotnet build tests/AutoDiffGen.Tests -c Release -v q -nologo
rm -rf .device && mkdir -p .device
root=$(dirname "$(readlink -f "$(command -v dotnet)")")
fx=$(ls -d "$root"/shared/Microsoft.NETCore.App/10.* | sort -V | tail -1)
tar -C "$root" -cJf .device/runtime.tar.xz dotnet host "shared/Microsoft.NETCore.App/$(basename "$fx")"
tar -C benchmarks/AutoDiffGen.DeviceCheck/bin/Release/net10.0 -cJf .device/devicecheck.tar.xz .
tar -C tests/AutoDiffGen.Tests/bin/Release/net10.0 --exclude=./runtimes -cJf .device/tests.tar.xz .
cp -L "$(ldconfig -p | awk '/libOpenCL.so.1 .*x86-64/ {print $NF; exit}')" .device/libOpenCL.so.1
du -sh .device/*
