using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The micro-kernels: C[MR×NR] (+)= Apanel·Bpanel over kc steps, with all 2·MR accumulators in registers. Written
/// as straight-line code over locals (not arrays) so the JIT keeps them in vector registers.
/// </summary>
internal static unsafe partial class Gemm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel<T>(KernelPath path, int kc, T* a, T* b, T* c, nint ldc, Epilogue store, double alpha)
        where T : unmanaged
    {
        switch (path)
        {
            case KernelPath.Auto: Kernel512(kc, a, b, c, ldc, store, alpha); break;
            case KernelPath.Vector256: Kernel256(kc, a, b, c, ldc, store, alpha); break;
            default: KernelScalar(kc, a, b, c, ldc, store, alpha); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
        where T : unmanaged => typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
        where T : unmanaged => typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512<T>(int kc, T* a, T* b, T* c, nint ldc, Epilogue store, double alpha)
        where T : unmanaged
    {
        var w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var a0 = Vector512.Create(a[0]);
            c00 = Fma(a0, b0, c00);
            c01 = Fma(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Fma(a1, b0, c10);
            c11 = Fma(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Fma(a2, b0, c20);
            c21 = Fma(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Fma(a3, b0, c30);
            c31 = Fma(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Fma(a4, b0, c40);
            c41 = Fma(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Fma(a5, b0, c50);
            c51 = Fma(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Fma(a6, b0, c60);
            c61 = Fma(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Fma(a7, b0, c70);
            c71 = Fma(a7, b1, c71);
            a += MR;
            b += 2 * w;
        }

        Store512(c, w, c00, c01, store, alpha);
        Store512(c + ldc, w, c10, c11, store, alpha);
        Store512(c + (2 * ldc), w, c20, c21, store, alpha);
        Store512(c + (3 * ldc), w, c30, c31, store, alpha);
        Store512(c + (4 * ldc), w, c40, c41, store, alpha);
        Store512(c + (5 * ldc), w, c50, c51, store, alpha);
        Store512(c + (6 * ldc), w, c60, c61, store, alpha);
        Store512(c + (7 * ldc), w, c70, c71, store, alpha);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512<T>(T* c, int w, Vector512<T> v0, Vector512<T> v1, Epilogue store, double alpha)
        where T : unmanaged
    {
        if (store == Epilogue.Update)
        {
            Update512(c, v0, alpha);
            Update512(c + w, v1, alpha);
            return;
        }

        if (store == Epilogue.Accumulate)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + w);
        }

        v0.Store(c);
        v1.Store(c + w);
    }

    /// <summary>c = c + α·v in double, rounded once (floats are widened to two double vectors and narrowed back).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update512<T>(T* c, Vector512<T> v, double alpha)
        where T : unmanaged
    {
        var a = Vector512.Create(alpha);
        if (typeof(T) == typeof(float))
        {
            var (t0, t1) = Vector512.Widen(Vector512.Load((float*)c));
            var (g0, g1) = Vector512.Widen(v.AsSingle());
            Vector512.Narrow(t0 + (a * g0), t1 + (a * g1)).Store((float*)c);
        }
        else
        {
            (Vector512.Load((double*)c) + (a * v.AsDouble())).Store((double*)c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256<T>(int kc, T* a, T* b, T* c, nint ldc, Epilogue store, double alpha)
        where T : unmanaged
    {
        var w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector256<T> c60 = default, c61 = default, c70 = default, c71 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma(a0, b0, c00);
            c01 = Fma(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma(a1, b0, c10);
            c11 = Fma(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma(a2, b0, c20);
            c21 = Fma(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma(a3, b0, c30);
            c31 = Fma(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma(a4, b0, c40);
            c41 = Fma(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma(a5, b0, c50);
            c51 = Fma(a5, b1, c51);
            var a6 = Vector256.Create(a[6]);
            c60 = Fma(a6, b0, c60);
            c61 = Fma(a6, b1, c61);
            var a7 = Vector256.Create(a[7]);
            c70 = Fma(a7, b0, c70);
            c71 = Fma(a7, b1, c71);
            a += MR;
            b += 2 * w;
        }

        Store256(c, w, c00, c01, store, alpha);
        Store256(c + ldc, w, c10, c11, store, alpha);
        Store256(c + (2 * ldc), w, c20, c21, store, alpha);
        Store256(c + (3 * ldc), w, c30, c31, store, alpha);
        Store256(c + (4 * ldc), w, c40, c41, store, alpha);
        Store256(c + (5 * ldc), w, c50, c51, store, alpha);
        Store256(c + (6 * ldc), w, c60, c61, store, alpha);
        Store256(c + (7 * ldc), w, c70, c71, store, alpha);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256<T>(T* c, int w, Vector256<T> v0, Vector256<T> v1, Epilogue store, double alpha)
        where T : unmanaged
    {
        if (store == Epilogue.Update)
        {
            Update256(c, v0, alpha);
            Update256(c + w, v1, alpha);
            return;
        }

        if (store == Epilogue.Accumulate)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + w);
        }

        v0.Store(c);
        v1.Store(c + w);
    }

    /// <summary>c = c + α·v in double, rounded once (floats are widened to two double vectors and narrowed back).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update256<T>(T* c, Vector256<T> v, double alpha)
        where T : unmanaged
    {
        var a = Vector256.Create(alpha);
        if (typeof(T) == typeof(float))
        {
            var (t0, t1) = Vector256.Widen(Vector256.Load((float*)c));
            var (g0, g1) = Vector256.Widen(v.AsSingle());
            Vector256.Narrow(t0 + (a * g0), t1 + (a * g1)).Store((float*)c);
        }
        else
        {
            (Vector256.Load((double*)c) + (a * v.AsDouble())).Store((double*)c);
        }
    }

    /// <summary>Portable kernel (MR×8), for machines without 256-bit vectors; also exercised by tests.</summary>
    private static void KernelScalar<T>(int kc, T* a, T* b, T* c, nint ldc, Epilogue store, double alpha)
        where T : unmanaged
    {
        const int NR = 8;
        if (typeof(T) == typeof(float))
        {
            var acc = stackalloc float[MR * NR];
            new Span<float>(acc, MR * NR).Clear();
            var pa = (float*)a;
            var pb = (float*)b;
            for (var p = 0; p < kc; p++)
            {
                for (var i = 0; i < MR; i++)
                {
                    var ai = pa[(p * MR) + i];
                    for (var j = 0; j < NR; j++)
                    {
                        acc[(i * NR) + j] = MathF.FusedMultiplyAdd(ai, pb[(p * NR) + j], acc[(i * NR) + j]);
                    }
                }
            }

            for (var i = 0; i < MR; i++)
            {
                var row = (float*)c + (i * ldc);
                for (var j = 0; j < NR; j++)
                {
                    row[j] = store switch
                    {
                        Epilogue.Overwrite => acc[(i * NR) + j],
                        Epilogue.Accumulate => row[j] + acc[(i * NR) + j],
                        _ => (float)(row[j] + (alpha * acc[(i * NR) + j])),
                    };
                }
            }
        }
        else
        {
            var acc = stackalloc double[MR * NR];
            new Span<double>(acc, MR * NR).Clear();
            var pa = (double*)a;
            var pb = (double*)b;
            for (var p = 0; p < kc; p++)
            {
                for (var i = 0; i < MR; i++)
                {
                    var ai = pa[(p * MR) + i];
                    for (var j = 0; j < NR; j++)
                    {
                        acc[(i * NR) + j] = Math.FusedMultiplyAdd(ai, pb[(p * NR) + j], acc[(i * NR) + j]);
                    }
                }
            }

            for (var i = 0; i < MR; i++)
            {
                var row = (double*)c + (i * ldc);
                for (var j = 0; j < NR; j++)
                {
                    row[j] = store switch
                    {
                        Epilogue.Overwrite => acc[(i * NR) + j],
                        Epilogue.Accumulate => row[j] + acc[(i * NR) + j],
                        _ => row[j] + (alpha * acc[(i * NR) + j]),
                    };
                }
            }
        }
    }
}
