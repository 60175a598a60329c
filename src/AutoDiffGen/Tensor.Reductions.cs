using System.Numerics;
using AutoDiffGen.Kernels;
using AutoDiffGen.OpenCL;

namespace AutoDiffGen;

/// <summary>
/// Reductions over the whole tensor or along one dim (with <c>keepDim</c>), with PyTorch's types: sums of integers
/// are int64, <c>Mean</c> needs a floating-point tensor, <c>ArgMax</c>/<c>ArgMin</c> give int64 indices.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>The sum of all elements as a 0-d tensor (like <c>x.sum()</c>).</summary>
    public Tensor Sum()
    {
        if (_storage is not null)
        {
            return OpenCLOps.SumAll(this);
        }

        var x = Contiguous();
        switch (_dtype)
        {
            case DType.Float32:
                return Scalar(ReduceKernels.SumFloatParallel(x.Data<float>(), x._offset, x._numel), DType.Float32);
            case DType.Float64:
                return Scalar(ReduceKernels.SumDouble(x.ContiguousSpan<double>()), DType.Float64);
            case DType.Int64:
                return Scalar(ReduceKernels.SumInteger<long>(x.ContiguousSpan<long>()));
            case DType.Int32:
                return Scalar(ReduceKernels.SumInteger<int>(x.ContiguousSpan<int>()));
            default:
                var count = 0L;
                foreach (var b in x.ContiguousSpan<bool>())
                {
                    count += b ? 1 : 0;
                }

                return Scalar(count);
        }
    }

    /// <summary>Sums along one dim (like <c>x.sum(dim, keepdim)</c>).</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>Sums along several dims (like <c>x.sum((0, 2))</c>).</summary>
    public Tensor Sum(int[] dims, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var normalized = NormalizeDims(dims, "Sum");
        if (_storage is not null)
        {
            return OpenCLOps.SumDims(this, normalized, keepDim);
        }

        var x = _dtype is DType.Int32 or DType.Bool ? To(DType.Int64) : this;
        foreach (var d in normalized)
        {
            x = x.SumOneDim(d);
        }

        return keepDim ? x : x.SqueezeDims(normalized);
    }

    /// <summary>The mean of all elements (like <c>x.mean()</c>); needs a floating-point tensor, as in PyTorch.</summary>
    public Tensor Mean()
    {
        CheckFloat("Mean");
        return _storage is not null ? OpenCLOps.Mean(this, null, false) : Sum() / (double)_numel;
    }

    /// <summary>The mean along one dim.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>The mean along several dims.</summary>
    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        CheckFloat("Mean");
        var normalized = NormalizeDims(dims, "Mean");
        if (_storage is not null)
        {
            return OpenCLOps.Mean(this, normalized, keepDim);
        }

        long count = 1;
        foreach (var d in normalized)
        {
            count *= _shape[d];
        }

        return Sum(normalized, keepDim) / (double)count;
    }

    /// <summary>
    /// Sums broadcast dims away so the result has <paramref name="shape"/> (like <c>x.sum_to_size(shape)</c>): the
    /// adjoint of broadcasting, used by gradient code.
    /// </summary>
    public Tensor SumToSize(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (_shape.AsSpan().SequenceEqual(shape))
        {
            return this;
        }

        var lead = Dim - shape.Length;
        var broadcast = lead >= 0 ? ShapeUtil.Broadcast(shape, _shape, "SumToSize") : null;
        if (broadcast is null || !broadcast.AsSpan().SequenceEqual(_shape))
        {
            throw new TensorShapeException(
                $"SumToSize: size {ShapeUtil.Format(shape)} is not expandable to size {ShapeUtil.Format(_shape)}.");
        }

        var dims = new List<int>();
        for (var i = 0; i < Dim; i++)
        {
            if (i < lead || (shape[i - lead] == 1 && _shape[i] != 1))
            {
                dims.Add(i);
            }
        }

        var summed = dims.Count == 0 ? this : Sum([.. dims], keepDim: true);
        return _storage is not null ? OpenCLOps.ReshapeResult(summed, this, shape) : summed.Reshape(shape);
    }

    /// <summary>The largest element as a 0-d tensor (like <c>x.max()</c>); NaN if any element is NaN.</summary>
    public Tensor Max() => Extreme(true, "Max");

    /// <summary>The smallest element as a 0-d tensor (like <c>x.min()</c>).</summary>
    public Tensor Min() => Extreme(false, "Min");

    /// <summary>Maxima along a dim and their indices (like <c>values, indices = x.max(dim)</c>).</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, true, "Max");

    /// <summary>Minima along a dim and their indices (like <c>values, indices = x.min(dim)</c>).</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, false, "Min");

    /// <summary>The flat index of the first maximum as a 0-d int64 tensor (like <c>x.argmax()</c>).</summary>
    public Tensor ArgMax() => _storage is not null ? OpenCLOps.ArgExtremeAll(this, true, "ArgMax") : Scalar((long)ArgExtreme(true, "ArgMax"));

    /// <summary>The flat index of the first minimum (like <c>x.argmin()</c>).</summary>
    public Tensor ArgMin() => _storage is not null ? OpenCLOps.ArgExtremeAll(this, false, "ArgMin") : Scalar((long)ArgExtreme(false, "ArgMin"));

    /// <summary>Indices of the maxima along a dim (like <c>x.argmax(dim)</c>).</summary>
    public Tensor ArgMax(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, true, "ArgMax").Indices;

    /// <summary>Indices of the minima along a dim (like <c>x.argmin(dim)</c>).</summary>
    public Tensor ArgMin(int dim, bool keepDim = false) => ExtremeAlong(dim, keepDim, false, "ArgMin").Indices;

    /// <summary>exp(x) / Σ exp(x) along <paramref name="dim"/>, computed stably (like <c>x.softmax(dim)</c>).</summary>
    public Tensor Softmax(int dim) => SoftmaxCore(dim, false, "Softmax");

    /// <summary>log(Softmax(x)) along <paramref name="dim"/>, computed without overflow (like <c>x.log_softmax(dim)</c>).</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxCore(dim, true, "LogSoftmax");

    private Tensor SoftmaxCore(int dim, bool log, string name)
    {
        if (_storage is not null)
        {
            return OpenCLOps.Softmax(this, dim, log, name);
        }

        var d = Dim == 0 ? ShapeUtil.NormalizeDim(dim, 1, name) : ShapeUtil.NormalizeDim(dim, Dim, name);
        var x = _dtype.IsFloatingPoint() ? this : To(DType.Float32);
        if (Dim == 0)
        {
            return log ? ZerosLike(x) : OnesLike(x);
        }

        // Softmax works on contiguous rows: move the dim last, compute, move it back.
        var last = d == Dim - 1;
        var rows = (last ? x : x.Transpose(d, -1)).Clone();
        var length = rows._shape[^1];
        var count = length == 0 ? 0 : rows._numel / length;
        if (x._dtype == DType.Float32)
        {
            ReduceKernels.SoftmaxRows(rows.ContiguousSpan<float>(), count, length, log);
        }
        else
        {
            ReduceKernels.SoftmaxRows(rows.ContiguousSpan<double>(), count, length, log);
        }

        return last ? rows : rows.Transpose(d, -1).Contiguous();
    }

    private void CheckFloat(string name)
    {
        if (!_dtype.IsFloatingPoint())
        {
            throw new TensorDTypeException(
                $"{name}: could not infer output dtype. Input dtype must be floating point, got {_dtype}. " +
                "Convert first, e.g. x.To(DType.Float32).Mean().");
        }
    }

    private int[] NormalizeDims(int[] dims, string name)
    {
        var result = ShapeUtil.NewInts(dims.Length);
        for (var i = 0; i < dims.Length; i++)
        {
            var d = ShapeUtil.NormalizeDim(dims[i], Math.Max(Dim, 1), name);
            if (Array.IndexOf(result, d, 0, i) >= 0)
            {
                throw new ArgumentException($"{name}: dim {d} appears multiple times in the list of dims.", nameof(dims));
            }

            result[i] = d;
        }

        // Descending order, so reducing one dim (kept with size 1) does not shift the others.
        Array.Sort(result, (a, b) => b.CompareTo(a));
        return result;
    }

    private Tensor SqueezeDims(int[] descendingDims)
    {
        if (Dim == 0)
        {
            return this;
        }

        var x = this;
        foreach (var d in descendingDims)
        {
            x = x.WithLayout(RemoveAt(x._shape, d), RemoveAt(x._strides, d), x._offset);
        }

        return x;
    }

    // Sums one dim, keeping it with size 1. Int32/bool inputs were widened to int64 by the caller.
    private Tensor SumOneDim(int d)
    {
        if (Dim == 0)
        {
            return this;
        }

        var x = Contiguous();
        var (outer, n, inner) = x.Split3(d);
        var shape = ShapeUtil.Copy(_shape);
        shape[d] = 1;
        var result = AllocateZeroed(_dtype, shape);
        switch (_dtype)
        {
            case DType.Float32: SumAxis<float>(x, result, outer, n, inner); break;
            case DType.Float64: SumAxis<double>(x, result, outer, n, inner); break;
            default: SumAxis<long>(x, result, outer, n, inner); break;
        }

        return result;
    }

    private static void SumAxis<T>(Tensor x, Tensor result, int outer, int n, int inner)
        where T : unmanaged, INumber<T>
    {
        var src = x.ContiguousSpan<T>();
        var dst = result.ContiguousSpan<T>();
        for (var o = 0; o < outer; o++)
        {
            var block = src.Slice(o * n * inner, n * inner);
            if (inner == 1)
            {
                dst[o] = typeof(T) == typeof(float)
                    ? T.CreateTruncating(ReduceKernels.SumFloat(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(block)))
                    : System.Numerics.Tensors.TensorPrimitives.Sum<T>(block);
                continue;
            }

            var acc = dst.Slice(o * inner, inner);
            for (var k = 0; k < n; k++)
            {
                ReduceKernels.Accumulate<T>(block.Slice(k * inner, inner), acc);
            }
        }
    }

    /// <summary>Sizes before, of, and after dim d of a contiguous tensor.</summary>
    private (int Outer, int N, int Inner) Split3(int d)
    {
        var outer = 1;
        for (var i = 0; i < d; i++)
        {
            outer *= _shape[i];
        }

        var inner = 1;
        for (var i = d + 1; i < Dim; i++)
        {
            inner *= _shape[i];
        }

        return (outer, _shape[d], inner);
    }

    private Tensor Extreme(bool max, string name)
    {
        if (_storage is not null)
        {
            return OpenCLOps.Extreme(this, max, name);
        }

        if (_numel == 0)
        {
            throw new TensorShapeException(
                $"{name}: expected reduction dim to be specified for a tensor with no elements (shape {ShapeUtil.Format(_shape)}). " +
                $"Specify the dim, e.g. x.{name}(0).");
        }

        var x = _dtype == DType.Bool ? To(DType.Int32) : Contiguous();
        var result = x._dtype switch
        {
            DType.Float32 => Scalar(ReduceKernels.Extreme<float>(x.ContiguousSpan<float>(), max), DType.Float32),
            DType.Float64 => Scalar(ReduceKernels.Extreme<double>(x.ContiguousSpan<double>(), max), DType.Float64),
            DType.Int64 => Scalar(ReduceKernels.Extreme<long>(x.ContiguousSpan<long>(), max)),
            _ => Scalar(ReduceKernels.Extreme<int>(x.ContiguousSpan<int>(), max), DType.Int32),
        };
        return result.To(_dtype);
    }

    private int ArgExtreme(bool max, string name)
    {
        if (_numel == 0)
        {
            throw new TensorShapeException(
                $"{name}: expected reduction dim to be specified for a tensor with no elements (shape {ShapeUtil.Format(_shape)}).");
        }

        var x = _dtype == DType.Bool ? To(DType.Int32) : Contiguous();
        return x._dtype switch
        {
            DType.Float32 => ReduceKernels.IndexOfExtreme<float>(x.ContiguousSpan<float>(), max),
            DType.Float64 => ReduceKernels.IndexOfExtreme<double>(x.ContiguousSpan<double>(), max),
            DType.Int64 => ReduceKernels.IndexOfExtreme<long>(x.ContiguousSpan<long>(), max),
            _ => ReduceKernels.IndexOfExtreme<int>(x.ContiguousSpan<int>(), max),
        };
    }

    private (Tensor Values, Tensor Indices) ExtremeAlong(int dim, bool keepDim, bool max, string name)
    {
        if (_storage is not null)
        {
            return OpenCLOps.ExtremeAlong(this, dim, keepDim, max, name);
        }

        if (Dim == 0)
        {
            ShapeUtil.NormalizeDim(dim, 1, name);
            return (Clone(), Scalar(0L));
        }

        var d = ShapeUtil.NormalizeDim(dim, Dim, name);
        if (_shape[d] == 0)
        {
            throw new TensorShapeException(
                $"{name}: expected reduction dim {d} to have non-zero size (shape {ShapeUtil.Format(_shape)}).");
        }

        var x = _dtype == DType.Bool ? To(DType.Int32) : Contiguous();
        var (outer, n, inner) = x.Split3(d);
        var shape = ShapeUtil.Copy(_shape);
        shape[d] = 1;
        var values = Allocate(x._dtype, shape);
        var indices = Allocate(DType.Int64, shape);
        switch (x._dtype)
        {
            case DType.Float32: ExtremeAxis<float>(x, values, indices, outer, n, inner, max); break;
            case DType.Float64: ExtremeAxis<double>(x, values, indices, outer, n, inner, max); break;
            case DType.Int64: ExtremeAxis<long>(x, values, indices, outer, n, inner, max); break;
            default: ExtremeAxis<int>(x, values, indices, outer, n, inner, max); break;
        }

        values = values.To(_dtype);
        return keepDim ? (values, indices) : (values.SqueezeDims([d]), indices.SqueezeDims([d]));
    }

    private static void ExtremeAxis<T>(Tensor x, Tensor values, Tensor indices, int outer, int n, int inner, bool max)
        where T : unmanaged, INumber<T>
    {
        var src = x.ContiguousSpan<T>();
        var vals = values.ContiguousSpan<T>();
        var idx = indices.ContiguousSpan<long>();
        for (var o = 0; o < outer; o++)
        {
            var block = src.Slice(o * n * inner, n * inner);
            if (inner == 1)
            {
                var i = ReduceKernels.IndexOfExtreme(block, max);
                vals[o] = block[i];
                idx[o] = i;
            }
            else
            {
                ReduceKernels.ExtremeAlongAxis(block, n, inner, vals.Slice(o * inner, inner), idx.Slice(o * inner, inner), max);
            }
        }
    }
}
