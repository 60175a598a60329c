using AutoDiffGen.Kernels;

namespace AutoDiffGen.OpenCL;

/// <summary>
/// Conv2d and the 2-D pools on the device. Conv2d is im2col + the device matmul (the register-blocked kernel for
/// real layer sizes), like the CPU path; its input adjoint is a col2im written as a gather (each input pixel sums
/// the column entries that read it), so no atomics and the same order every run. The pools mirror
/// <see cref="PoolKernels"/> exactly: max pooling's adjoint goes to each window's first maximum (a NaN wins),
/// recomputed from the input, and average pooling divides by the whole kernel area (count_include_pad). The exact
/// GELU (through erf) lives here too.
/// </summary>
internal static partial class OpenCLOps
{
    private const string NNSource = """
        #ifdef cl_khr_fp64
        #pragma OPENCL EXTENSION cl_khr_fp64 : enable
        #endif
        __kernel void im2col(__global const T* x, const int xo, __global T* cols, const int co,
                             const int C, const int H, const int W, const int KH, const int KW,
                             const int SH, const int SW, const int PH, const int PW, const int OH, const int OW)
        {
            const long idx = get_global_id(0);
            const int P = OH * OW;
            const int Ckk = C * KH * KW;
            const int p = (int)(idx % P);
            const long t = idx / P;
            const int r = (int)(t % Ckk);
            const int n = (int)(t / Ckk);
            const int kx = r % KW;
            const int ky = (r / KW) % KH;
            const int c = r / (KW * KH);
            const int iy = (p / OW) * SH - PH + ky;
            const int ix = (p % OW) * SW - PW + kx;
            cols[co + idx] = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? x[xo + (((long)n * C + c) * H + iy) * W + ix] : (T)0;
        }

        __kernel void col2im(__global const T* cols, const int co, __global T* gx, const int go,
                             const int C, const int H, const int W, const int KH, const int KW,
                             const int SH, const int SW, const int PH, const int PW, const int OH, const int OW)
        {
            const long idx = get_global_id(0);
            const int ix = (int)(idx % W);
            const long t = idx / W;
            const int iy = (int)(t % H);
            const int c = (int)((t / H) % C);
            const int n = (int)(t / ((long)H * C));
            const int P = OH * OW;
            const long base_ = ((long)n * C * KH * KW) * P;
            T s = 0;
            for (int ky = 0; ky < KH; ky++) {
                const int yy = iy + PH - ky;
                if (yy < 0 || yy % SH != 0 || yy / SH >= OH) { continue; }
                for (int kx = 0; kx < KW; kx++) {
                    const int xx = ix + PW - kx;
                    if (xx < 0 || xx % SW != 0 || xx / SW >= OW) { continue; }
                    s += cols[co + base_ + (long)((c * KH + ky) * KW + kx) * P + (yy / SH) * OW + xx / SW];
                }
            }
            gx[go + idx] = s;
        }

        // The flat in-plane index of window (oy, ox)'s first maximum; a NaN wins (PoolKernels.ArgMax).
        int window_argmax(__global const T* plane, const int oy, const int ox, const int H, const int W,
                          const int KH, const int KW, const int SH, const int SW, const int PH, const int PW)
        {
            const int h0 = max(0, oy * SH - PH); const int h1 = min(H, oy * SH - PH + KH);
            const int w0 = max(0, ox * SW - PW); const int w1 = min(W, ox * SW - PW + KW);
            int best = h0 * W + w0;
            T m = -INFINITY;
            for (int ih = h0; ih < h1; ih++) {
                for (int iw = w0; iw < w1; iw++) {
                    const T v = plane[ih * W + iw];
                    if (v > m || isnan(v)) { m = v; best = ih * W + iw; }
                }
            }
            return best;
        }

        __kernel void maxpool(__global const T* x, const int xo, __global T* y, const int yo, const int H, const int W,
                              const int KH, const int KW, const int SH, const int SW, const int PH, const int PW, const int OH, const int OW)
        {
            const long idx = get_global_id(0);
            const int ox = (int)(idx % OW); const int oy = (int)((idx / OW) % OH); const long pl = idx / ((long)OH * OW);
            __global const T* plane = x + xo + pl * H * W;
            y[yo + idx] = plane[window_argmax(plane, oy, ox, H, W, KH, KW, SH, SW, PH, PW)];
        }

        // Gather form of the scatter in PoolKernels.MaxBackward: windows visited in the same (oy, ox) order.
        __kernel void maxpool_back(__global const T* x, const int xo, __global const T* gy, const int gyo, __global T* gx, const int gxo,
                                   const int H, const int W, const int KH, const int KW, const int SH, const int SW,
                                   const int PH, const int PW, const int OH, const int OW)
        {
            const long idx = get_global_id(0);
            const int ix = (int)(idx % W); const int iy = (int)((idx / W) % H); const long pl = idx / ((long)H * W);
            __global const T* plane = x + xo + pl * H * W;
            __global const T* adj = gy + gyo + pl * OH * OW;
            const int me = iy * W + ix;
            const int oy0 = max(0, (iy + PH - KH + SH) / SH); const int oy1 = min(OH - 1, (iy + PH) / SH);
            const int ox0 = max(0, (ix + PW - KW + SW) / SW); const int ox1 = min(OW - 1, (ix + PW) / SW);
            T s = 0;
            for (int oy = oy0; oy <= oy1; oy++) {
                for (int ox = ox0; ox <= ox1; ox++) {
                    if (window_argmax(plane, oy, ox, H, W, KH, KW, SH, SW, PH, PW) == me) { s += adj[oy * OW + ox]; }
                }
            }
            gx[gxo + idx] = s;
        }

        __kernel void avgpool(__global const T* x, const int xo, __global T* y, const int yo, const int H, const int W,
                              const int KH, const int KW, const int SH, const int SW, const int PH, const int PW, const int OH, const int OW)
        {
            const long idx = get_global_id(0);
            const int ox = (int)(idx % OW); const int oy = (int)((idx / OW) % OH); const long pl = idx / ((long)OH * OW);
            __global const T* plane = x + xo + pl * H * W;
            const int h0 = max(0, oy * SH - PH); const int h1 = min(H, oy * SH - PH + KH);
            const int w0 = max(0, ox * SW - PW); const int w1 = min(W, ox * SW - PW + KW);
            T s = 0;
            for (int ih = h0; ih < h1; ih++) { for (int iw = w0; iw < w1; iw++) { s += plane[ih * W + iw]; } }
            y[yo + idx] = s / (T)(KH * KW);
        }

        __kernel void avgpool_back(__global const T* gy, const int gyo, __global T* gx, const int gxo,
                                   const int H, const int W, const int KH, const int KW, const int SH, const int SW,
                                   const int PH, const int PW, const int OH, const int OW)
        {
            const long idx = get_global_id(0);
            const int ix = (int)(idx % W); const int iy = (int)((idx / W) % H); const long pl = idx / ((long)H * W);
            __global const T* adj = gy + gyo + pl * OH * OW;
            const int oy0 = max(0, (iy + PH - KH + SH) / SH); const int oy1 = min(OH - 1, (iy + PH) / SH);
            const int ox0 = max(0, (ix + PW - KW + SW) / SW); const int ox1 = min(OW - 1, (ix + PW) / SW);
            T s = 0;
            for (int oy = oy0; oy <= oy1; oy++) {
                for (int ox = ox0; ox <= ox1; ox++) { s += adj[oy * OW + ox] / (T)(KH * KW); }
            }
            gx[gxo + idx] = s;
        }

        // The exact GELU, x·Φ(x), and its derivative Φ(x) + x·φ(x), through the device's erf.
        __kernel void gelu_exact(__global const T* x, const int xo, __global T* y, const int yo)
        {
            const long i = get_global_id(0);
            const T v = x[xo + i];
            y[yo + i] = (T)0.5 * v * ((T)1 + erf(v * (T)0.70710678118654752440));
        }

        __kernel void gelu_exact_back(__global const T* x, const int xo, __global const T* gy, const int gyo, __global T* gx, const int gxo)
        {
            const long i = get_global_id(0);
            const T v = x[xo + i];
            const T cdf = (T)0.5 * ((T)1 + erf(v * (T)0.70710678118654752440));
            const T pdf = exp((T)-0.5 * v * v) * (T)0.39894228040143267794;
            gx[gxo + i] = gy[gyo + i] * (cdf + v * pdf);
        }
        """;

    /// <summary>The exact GELU on the device.</summary>
    public static Tensor GeluExact(Tensor t)
    {
        var x = t.Contiguous();
        var context = Ctx(t);
        var y = Tensor.AllocateOn(context, t.DType, (int[])t._shape.Clone(), "Gelu");
        NNProgram(context, t.DType).Launch("gelu_exact", y._numel, x, y);
        Free(x, t);
        return y;
    }

    /// <summary>The input's adjoint of the exact GELU on the device.</summary>
    public static Tensor GeluExactGradient(Tensor t, Tensor adjoint)
    {
        var x = t.Contiguous();
        var gy = adjoint.To(t.DType).Contiguous();
        var context = Ctx(t);
        var gx = Tensor.AllocateOn(context, t.DType, (int[])t._shape.Clone(), "Gelu");
        NNProgram(context, t.DType).Launch("gelu_exact_back", gx._numel, x, gy, gx);
        Free(x, t);
        Free(gy, adjoint);
        return gx;
    }

    /// <summary>Conv2d forward on the device: [N, O, OH, OW] (or [O, OH, OW] for an unbatched input).</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, ConvGeometry g)
    {
        var cols = Im2Col(input, g);
        var w = weight.Contiguous().View(g.O, g.Ckk);
        var y = Tensor.MatMul(w, cols);
        cols.Dispose();
        var shaped = y.View(input.Dim == 3 ? [g.O, g.OH, g.OW] : [g.N, g.O, g.OH, g.OW]);
        return bias is null ? shaped : shaped + bias.View(g.O, 1, 1);
    }

    /// <summary>The adjoints of a device Conv2d's input and/or weight.</summary>
    public static (Tensor? Input, Tensor? Weight) Conv2dGradients(Tensor input, Tensor weight, Tensor adjoint, ConvGeometry g, bool wantInput, bool wantWeight)
    {
        var gy = adjoint.To(input.DType).Contiguous().View(g.N, g.O, g.P);
        Tensor? gx = null;
        Tensor? gw = null;
        if (wantInput)
        {
            var gcols = Tensor.MatMul(weight.Contiguous().View(g.O, g.Ckk).T, gy);
            var context = Ctx(input);
            gx = Tensor.AllocateOn(context, input.DType, (int[])input._shape.Clone(), "Conv2d");
            NNProgram(context, input.DType).Launch(
                "col2im", (long)g.N * g.C * g.H * g.W, gcols, gx, g.C, g.H, g.W, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, g.OH, g.OW);
            gcols.Dispose();
        }

        if (wantWeight)
        {
            var cols = Im2Col(input, g);
            var perSample = Tensor.MatMul(gy, cols.Transpose(1, 2));
            cols.Dispose();
            gw = perSample.Sum([0]).View(g.O, g.C, g.KH, g.KW);
            perSample.Dispose();
        }

        return (gx, gw);
    }

    /// <summary>MaxPool2d or AvgPool2d forward on the device.</summary>
    public static Tensor Pool2d(Tensor input, PoolGeometry g, bool max)
    {
        var x = input.Contiguous();
        var context = Ctx(input);
        var shape = (int[])input._shape.Clone();
        shape[^2] = g.OH;
        shape[^1] = g.OW;
        var y = Tensor.AllocateOn(context, input.DType, shape, max ? "MaxPool2d" : "AvgPool2d");
        if (y._numel > 0)
        {
            NNProgram(context, input.DType).Launch(
                max ? "maxpool" : "avgpool", y._numel, x, y, g.H, g.W, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, g.OH, g.OW);
        }

        Free(x, input);
        return y;
    }

    /// <summary>The input's adjoint of a device MaxPool2d (max) or AvgPool2d.</summary>
    public static Tensor Pool2dGradient(Tensor input, Tensor adjoint, PoolGeometry g, bool max)
    {
        var x = input.Contiguous();
        var gy = adjoint.To(input.DType).Contiguous();
        var context = Ctx(input);
        var gx = Tensor.AllocateOn(context, input.DType, (int[])input._shape.Clone(), max ? "MaxPool2d" : "AvgPool2d");
        if (gx._numel > 0)
        {
            var program = NNProgram(context, input.DType);
            if (max)
            {
                program.Launch("maxpool_back", gx._numel, x, gy, gx, g.H, g.W, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, g.OH, g.OW);
            }
            else
            {
                program.Launch("avgpool_back", gx._numel, gy, gx, g.H, g.W, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, g.OH, g.OW);
            }
        }

        Free(x, input);
        Free(gy, adjoint);
        return gx;
    }

    /// <summary>The column matrix [N, C·KH·KW, OH·OW] of a device input.</summary>
    private static Tensor Im2Col(Tensor input, ConvGeometry g)
    {
        var x = input.Contiguous();
        var context = Ctx(input);
        var cols = Tensor.AllocateOn(context, input.DType, [g.N, g.Ckk, g.P], "Conv2d");
        if (cols._numel > 0)
        {
            NNProgram(context, input.DType).Launch(
                "im2col", cols._numel, x, cols, g.C, g.H, g.W, g.KH, g.KW, g.SH, g.SW, g.PH, g.PW, g.OH, g.OW);
        }

        Free(x, input);
        return cols;
    }

    private static OpenCLProgram NNProgram(OpenCLContext context, DType dtype) =>
        OpenCLRuntime.Program(context.Device, NNSource, "-DT=" + OpenCLRuntime.CType(dtype));
}
